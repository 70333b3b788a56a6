import { signal } from '@preact/signals';
import { ACTION_LABELS, type Bindings } from '../shortcuts/actions';
import { actionFor } from '../shortcuts/bindings';
import { chordOf, describeChord } from '../shortcuts/chords';
import { describeMessage, hex, triggerOf, type MidiMessage } from './messages';

/** One press as the pedal test shows it. */
export interface PedalRow {
  id: number;
  source: 'key' | 'midi';
  /** What arrived: "code PageDown · key PageDown · no modifiers", or the decoded MIDI message. */
  detail: string;
  /** What it would run: an action's label, "Jump to setlist entry", or "Not bound". */
  runs: string;
}

export interface KeyPress {
  code: string;
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  repeat?: boolean;
}

const ROWS_KEPT = 12;
const NOT_BOUND = 'Not bound';

function modifiersOf(event: KeyPress): string {
  const held = [event.ctrlKey && 'Ctrl', event.altKey && 'Alt', event.shiftKey && 'Shift', event.metaKey && 'Meta'].filter(Boolean);
  return held.length ? held.join('+') : 'no modifiers';
}

/**
 * The pedal test: while open, every key press and MIDI message is shown (what it sends and what
 * it would run) instead of running anything, so a pedal can be checked during setup without
 * touching the show.
 */
export function createPedalTest({ keys, midi, programJump }: { keys: () => Bindings; midi: () => Bindings; programJump: () => boolean }) {
  const open = signal(false);
  const rows = signal<PedalRow[]>([]);
  let nextId = 1;

  const add = (row: Omit<PedalRow, 'id'>) => (rows.value = [{ ...row, id: nextId++ }, ...rows.value].slice(0, ROWS_KEPT));

  /** A key went down while the test is open. */
  function key(event: KeyPress): void {
    if (event.repeat) return;
    const chord = chordOf(event);
    const action = chord ? actionFor(keys(), chord) : undefined;
    add({
      source: 'key',
      detail: `${chord ? describeChord(chord) : event.key} · code ${event.code || 'none'} · key ${event.key === ' ' ? 'Space' : event.key} · ${modifiersOf(event)}`,
      runs: action ? ACTION_LABELS[action] : NOT_BOUND,
    });
  }

  /** A MIDI message arrived while the test is open. */
  function message(data: ArrayLike<number>, decoded: MidiMessage | null): void {
    const bytes = `[${hex(data)}]`;
    if (!decoded) return void add({ source: 'midi', detail: `${bytes} (not a note, CC or program change)`, runs: NOT_BOUND });
    const t = triggerOf(decoded)!;
    const action = actionFor(midi(), t.trigger);
    const runs = action ? (t.pressed ? ACTION_LABELS[action] : `${ACTION_LABELS[action]} (release)`) : decoded.kind === 'pc' && programJump() ? 'Jump to setlist entry' : NOT_BOUND;
    add({ source: 'midi', detail: `${describeMessage(decoded)} ${bytes}`, runs });
  }

  const show = () => ((rows.value = []), (open.value = true));
  const hide = () => (open.value = false);

  return { open, rows, key, message, show, hide };
}

export type PedalTest = ReturnType<typeof createPedalTest>;
