import { describe, expect, it } from 'vitest';
import { decodeMidi, describeMessage, describeTrigger, noteName, parseTrigger, triggerOf } from './messages';

describe('MIDI messages', () => {
  it.each([
    [[0x90, 60, 100], { kind: 'note-on', channel: 1, note: 60, velocity: 100 }],
    [[0x9f, 60, 0], { kind: 'note-off', channel: 16, note: 60, velocity: 0 }],
    [[0x83, 61, 40], { kind: 'note-off', channel: 4, note: 61, velocity: 40 }],
    [[0xb0, 64, 127], { kind: 'cc', channel: 1, controller: 64, value: 127 }],
    [[0xc1, 4], { kind: 'pc', channel: 2, program: 4 }],
  ])('decodes %j', (data, message) => {
    expect(decodeMidi(data)).toEqual(message);
  });

  it.each([[[]], [[0x40, 1]], [[0xf8]], [[0xe0, 0, 64]], [[0x90, 60]], [[0xb0, 200, 1]], [[0xc0]]])('ignores %j (not a whole note, CC or program change)', (data) => {
    expect(decodeMidi(data)).toBeNull();
  });

  it('presses on note on, CC 64 and up and program change; releases on note off and CC below 64', () => {
    expect(triggerOf(decodeMidi([0x90, 60, 1])!)).toEqual({ trigger: 'note:1:60', pressed: true });
    expect(triggerOf(decodeMidi([0x80, 60, 0])!)).toEqual({ trigger: 'note:1:60', pressed: false });
    expect(triggerOf(decodeMidi([0xb2, 20, 64])!)).toEqual({ trigger: 'cc:3:20', pressed: true });
    expect(triggerOf(decodeMidi([0xb2, 20, 63])!)).toEqual({ trigger: 'cc:3:20', pressed: false });
    expect(triggerOf(decodeMidi([0xc0, 0])!)).toEqual({ trigger: 'pc:1:0', pressed: true });
  });

  it('names what was learned and what arrived', () => {
    expect(noteName(60)).toBe('C3');
    expect(noteName(61)).toBe('C#3');
    expect(noteName(0)).toBe('C-2');
    expect(describeTrigger('note:1:60')).toBe('Note C3 ch 1');
    expect(describeTrigger('cc:16:64')).toBe('CC 64 ch 16');
    expect(describeTrigger('pc:2:5')).toBe('PC 5 ch 2');
    expect(describeMessage(decodeMidi([0x90, 60, 100])!)).toBe('Note on C3 (60) velocity 100, ch 1');
    expect(describeMessage(decodeMidi([0xb0, 64, 0])!)).toBe('CC 64 value 0, ch 1');
    expect(describeMessage(decodeMidi([0xc0, 3])!)).toBe('Program change 3, ch 1');
  });

  it.each(['note:0:60', 'cc:17:1', 'pc:1:128', 'x:1:1', 'cc:1'])('refuses the damaged trigger %j', (trigger) => {
    expect(parseTrigger(trigger)).toBeNull();
  });
});
