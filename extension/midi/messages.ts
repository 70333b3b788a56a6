/**
 * MIDI messages as the player reads them: note on/off, control change and program change
 * (other status bytes, system messages and running status are not used by pedals and are ignored).
 * Channels are 1–16 as device manuals number them; notes, controllers and programs keep the
 * 0–127 value on the wire (program-change.ts says which program selects which setlist entry).
 */
export type MidiMessage =
  | { kind: 'note-on' | 'note-off'; channel: number; note: number; velocity: number }
  | { kind: 'cc'; channel: number; controller: number; value: number }
  | { kind: 'pc'; channel: number; program: number };

export function decodeMidi(data: ArrayLike<number>): MidiMessage | null {
  const status = data[0];
  if (status === undefined || status < 0x80 || status >= 0xf0) return null;
  const channel = (status & 0x0f) + 1;
  const a = data[1];
  const b = data[2];
  if (a === undefined || a > 0x7f) return null;
  switch (status & 0xf0) {
    case 0x90:
      if (b === undefined) return null;
      // Note on with velocity 0 is how most keyboards send note off (running status).
      return { kind: b === 0 ? 'note-off' : 'note-on', channel, note: a, velocity: b };
    case 0x80:
      return b === undefined ? null : { kind: 'note-off', channel, note: a, velocity: b };
    case 0xb0:
      return b === undefined ? null : { kind: 'cc', channel, controller: a, value: b };
    case 0xc0:
      return { kind: 'pc', channel, program: a };
    default:
      return null;
  }
}

const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** Note 60 is C3, as Ableton, Cubase and Yamaha name it (some manuals call it C4). */
export function noteName(note: number): string {
  return `${NOTE_NAMES[note % 12]}${Math.floor(note / 12) - 2}`;
}

/**
 * A trigger is what a learned binding stores, as a string like a key chord: "note:1:60",
 * "cc:1:64", "pc:1:5" (kind, channel 1–16, note/controller/program 0–127).
 */
export type TriggerKind = 'note' | 'cc' | 'pc';

/**
 * The trigger a message presses or releases. A note presses on note-on and releases on note-off;
 * a CC pedal presses at 64 or more and releases below (sustain pedals send 127 / 0); a program
 * change is a press with no release.
 */
export function triggerOf(message: MidiMessage): { trigger: string; pressed: boolean } | null {
  switch (message.kind) {
    case 'note-on':
    case 'note-off':
      return { trigger: `note:${message.channel}:${message.note}`, pressed: message.kind === 'note-on' };
    case 'cc':
      return { trigger: `cc:${message.channel}:${message.controller}`, pressed: message.value >= 64 };
    case 'pc':
      return { trigger: `pc:${message.channel}:${message.program}`, pressed: true };
  }
}

export function parseTrigger(trigger: string): { kind: TriggerKind; channel: number; number: number } | null {
  const match = /^(note|cc|pc):(\d{1,2}):(\d{1,3})$/.exec(trigger);
  if (!match) return null;
  const [, kind, channel, number] = match;
  const parsed = { kind: kind as TriggerKind, channel: Number(channel), number: Number(number) };
  if (parsed.channel < 1 || parsed.channel > 16 || parsed.number > 127) return null;
  return parsed;
}

/** For people: "Note C3 ch 1", "CC 64 ch 1", "PC 5 ch 1". */
export function describeTrigger(trigger: string): string {
  const t = parseTrigger(trigger);
  if (!t) return trigger;
  const what = t.kind === 'note' ? `Note ${noteName(t.number)}` : t.kind === 'cc' ? `CC ${t.number}` : `PC ${t.number}`;
  return `${what} ch ${t.channel}`;
}

/** The whole message, for the pedal test: "Note on C3 (60) velocity 100, ch 1". */
export function describeMessage(message: MidiMessage): string {
  switch (message.kind) {
    case 'note-on':
    case 'note-off':
      return `Note ${message.kind === 'note-on' ? 'on' : 'off'} ${noteName(message.note)} (${message.note}) velocity ${message.velocity}, ch ${message.channel}`;
    case 'cc':
      return `CC ${message.controller} value ${message.value}, ch ${message.channel}`;
    case 'pc':
      return `Program change ${message.program}, ch ${message.channel}`;
  }
}

export const hex = (data: ArrayLike<number>) => Array.from(data, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
