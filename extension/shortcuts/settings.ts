import { DEFAULT_BINDINGS, SHORTCUT_ACTIONS, type Bindings } from './actions';

/**
 * MIDI control, saved with the shortcuts: whether the performer turned MIDI on, the learned
 * triggers per action (midi/messages.ts: "cc:1:64"), the program-change jump and the output
 * that MIDI out (a song's program change / CC at its start) goes to.
 */
export interface MidiSettings {
  enabled: boolean;
  bindings: Bindings;
  /** Program changes not learned for an action jump to that setlist entry. */
  programJump: boolean;
  /** Which program selects the first entry (midi/program-change.ts). */
  programBase: 0 | 1;
  /** MIDIOutput.id; null: the first output connected. */
  outputId: string | null;
}

/** The performer's shortcut bindings, stage lock and MIDI: kept on the device with the library, so they work offline. */
export interface PerformanceSettings {
  shortcuts: Bindings;
  stageLock: boolean;
  midi: MidiSettings;
}

const NO_BINDINGS = Object.fromEntries(SHORTCUT_ACTIONS.map((a) => [a, []])) as unknown as Bindings;

export const DEFAULT_MIDI: MidiSettings = { enabled: false, bindings: NO_BINDINGS, programJump: true, programBase: 0, outputId: null };

export const DEFAULT_SETTINGS: PerformanceSettings = { shortcuts: DEFAULT_BINDINGS, stageLock: false, midi: DEFAULT_MIDI };

const objectOr = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const isChordList = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === 'string' && c.length > 0);

function normalizeBindings(value: unknown, defaults: Bindings): Bindings {
  const stored = objectOr(value);
  return Object.fromEntries(
    SHORTCUT_ACTIONS.map((action) => {
      const chords = stored[action];
      return [action, isChordList(chords) ? [...new Set(chords)] : defaults[action]];
    }),
  ) as Bindings;
}

function normalizeMidi(value: unknown): MidiSettings {
  const stored = objectOr(value);
  return {
    enabled: typeof stored.enabled === 'boolean' ? stored.enabled : DEFAULT_MIDI.enabled,
    bindings: normalizeBindings(stored.bindings, DEFAULT_MIDI.bindings),
    programJump: typeof stored.programJump === 'boolean' ? stored.programJump : DEFAULT_MIDI.programJump,
    programBase: stored.programBase === 1 ? 1 : 0,
    outputId: typeof stored.outputId === 'string' ? stored.outputId : null,
  };
}

/** Stored values come from older versions (no `midi` before MIDI control) or hand edits: keep what is valid, default the rest. */
export function normalizeSettings(value: unknown): PerformanceSettings {
  const stored = objectOr(value);
  return {
    shortcuts: normalizeBindings(stored.shortcuts, DEFAULT_BINDINGS),
    stageLock: typeof stored.stageLock === 'boolean' ? stored.stageLock : DEFAULT_SETTINGS.stageLock,
    midi: normalizeMidi(stored.midi),
  };
}
