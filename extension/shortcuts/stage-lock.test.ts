import { describe, expect, it } from 'vitest';
import { createStageLockGate, isGuarded } from './stage-lock';
import { fakeClock } from './testing/fake-clock';

function setup() {
  const { clock, advance } = fakeClock();
  const gate = createStageLockGate(clock, { holdMs: 600, repeatMs: 500 });
  let fired = 0;
  const press = () => gate.press('PageDown', () => fired++);
  return { gate, advance, press, fired: () => fired };
}

describe('stage lock gate', () => {
  it('ignores a single tap', () => {
    const { gate, advance, press, fired } = setup();
    expect(press()).toBe('armed');
    advance(100);
    gate.release('PageDown');
    advance(2000);
    expect(fired()).toBe(0);
  });

  it('fires on a second press within the window', () => {
    const { gate, advance, press, fired } = setup();
    press();
    advance(100);
    gate.release('PageDown');
    advance(300);
    expect(press()).toBe('fired');
    expect(fired()).toBe(1);
  });

  it('does not pair presses further apart than the window', () => {
    const { gate, advance, press, fired } = setup();
    press();
    gate.release('PageDown');
    advance(501);
    expect(press()).toBe('armed');
    gate.release('PageDown');
    expect(fired()).toBe(0);
  });

  it('fires once when the key is held long enough', () => {
    const { advance, press, fired, gate } = setup();
    press();
    advance(599);
    expect(fired()).toBe(0);
    advance(1);
    expect(fired()).toBe(1);
    gate.release('PageDown');
    // The completed hold is not the first half of a double press.
    press();
    gate.release('PageDown');
    expect(fired()).toBe(1);
  });
});

describe('what the lock guards (every path)', () => {
  it.each([
    ['next', true, true, true],
    ['previous', true, true, true],
    ['stop', true, true, true],
    ['play-pause', true, true, false],
    ['panic', true, true, false],
    ['seek-forward', true, true, false],
    ['next', true, false, false], // nothing plays: nothing to protect
    ['next', false, true, false],
  ] as const)('%s, locked %s, playing %s: guarded %s', (action, locked, playing, guarded) => {
    expect(isGuarded(action, { locked, playing })).toBe(guarded);
  });

  it('a tap (click or global command) fires only as the second of two within the window, never on its own', () => {
    const { clock, advance } = fakeClock();
    const gate = createStageLockGate(clock, { holdMs: 600, repeatMs: 500 });
    expect(gate.tap('global:next')).toBe('armed');
    advance(2000); // no hold completes a tap
    expect(gate.tap('global:next')).toBe('armed');
    advance(300);
    expect(gate.tap('button:next')).toBe('armed'); // another path's press does not pair
    expect(gate.tap('global:next')).toBe('fired');
  });
});
