/**
 * A chord is a key with its modifiers as one string, "Ctrl+Shift+ArrowRight": the stored
 * form of a binding. Keys are KeyboardEvent.key values (layout aware), letters uppercased.
 */
const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;

interface KeyLike {
  key: string;
  /** The physical key; used for digits, whose `key` Shift turns into "!", "@"... */
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Alt', 'Shift', 'Meta', 'AltGraph', 'CapsLock', 'Fn', 'OS']);

/** KeyboardEvent.key as chords name it: "Space", "S" for s and S, "PageDown". */
function keyName(key: string): string {
  return key === ' ' ? 'Space' : key.length === 1 ? key.toUpperCase() : key;
}

/** Splits at the last '+' before the final character, so "Shift++" is Shift with the plus key. */
export function keyOfChord(chord: string): { modifiers: string; key: string } {
  const split = chord.lastIndexOf('+', chord.length - 2);
  return { modifiers: split < 0 ? '' : chord.slice(0, split + 1), key: chord.slice(split + 1) };
}

/** The chord of a key event, or null for a lone modifier press. */
export function chordOf(event: KeyLike): string | null {
  if (MODIFIER_KEYS.has(event.key) || event.key === 'Unidentified' || event.key === 'Dead') return null;
  const digit = /^Digit(\d)$/.exec(event.code ?? '')?.[1];
  const key = digit ?? keyName(event.key);
  const held = { Ctrl: event.ctrlKey, Alt: event.altKey, Shift: event.shiftKey, Meta: event.metaKey };
  return [...MODIFIERS.filter((m) => held[m]), key].join('+');
}

/** chrome.commands shortcuts ("Ctrl+Shift+1", "Command+Shift+1" on macOS) in our chord form. */
export function chordOfChromeShortcut(shortcut: string): string | null {
  if (!shortcut) return null;
  const parts = shortcut.split('+');
  const key = parts.pop()!;
  const names: Record<string, (typeof MODIFIERS)[number]> = { Ctrl: 'Ctrl', MacCtrl: 'Ctrl', Alt: 'Alt', Option: 'Alt', Shift: 'Shift', Command: 'Meta' };
  const held = new Set(parts.map((p) => names[p]));
  return [...MODIFIERS.filter((m) => held.has(m)), keyName(key)].join('+');
}

const KEY_NAMES: Record<string, string> = {
  ArrowRight: 'Right Arrow',
  ArrowLeft: 'Left Arrow',
  ArrowUp: 'Up Arrow',
  ArrowDown: 'Down Arrow',
  PageDown: 'Page Down',
  PageUp: 'Page Up',
  Escape: 'Esc',
  Space: 'Space',
};

/** For people: "Shift+Right Arrow", "Page Down". */
export function describeChord(chord: string): string {
  const { modifiers, key } = keyOfChord(chord);
  return modifiers + (KEY_NAMES[key] ?? key);
}

/** Keys a focused slider (seek bar, fader, pan) moves its value with; those stay with the slider. */
export function isSliderChord(chord: string): boolean {
  if (/(^|\+)(Ctrl|Alt|Meta)\+/.test(chord)) return false;
  return ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(keyOfChord(chord).key);
}

/** Keys a text field needs for typing and moving the caret; those stay with the field. */
export function isTextEditingChord(chord: string): boolean {
  if (/(^|\+)(Ctrl|Alt|Meta)\+/.test(chord)) return false;
  const { key } = keyOfChord(chord);
  return key.length === 1 || ['Space', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'Backspace', 'Delete', 'Enter', 'Tab'].includes(key);
}
