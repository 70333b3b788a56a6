import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { SettingsTables } from '../db/settings';
import { ACTION_LABELS, type ShortcutAction } from './actions';
import { actionFor, bind, conflictOf, unbind, type ChordOwner } from './bindings';
import { chordOfChromeShortcut, keyOfChord } from './chords';
import { DEFAULT_SETTINGS, type MidiSettings, type PerformanceSettings } from './settings';
import { createStageLockGate, isGuarded, lockedMessage, realClock, type Clock } from './stage-lock';
import { loadSettings, saveSettings } from './store';

export interface ChromeCommand {
  name: string;
  description: string;
  /** Empty when unassigned (or Chrome refused the suggestion because of a clash). */
  shortcut: string;
}

interface ShortcutDeps {
  db: SettingsTables;
  /** Performs an action through the player's one command path (transport/model.ts). */
  run: (action: ShortcutAction) => Promise<{ ok: true } | { ok: false; error: string }>;
  isPlaying: ReadonlySignal<boolean>;
  /** chrome.commands.getAll, mapped. */
  chromeCommands: () => Promise<ChromeCommand[]>;
  clock?: Clock;
}

export interface Feedback {
  tone: 'done' | 'locked' | 'error';
  text: string;
}

/** `source`: a key chord or a learned MIDI trigger (midi/messages.ts). */
export interface Conflict {
  source: 'key' | 'midi';
  action: ShortcutAction;
  chord: string;
  owner: ChordOwner;
}

const NO_CHROME_CHORDS: ReadonlyMap<string, string> = new Map();

/** Tab keeps moving the focus: taking it would trap keyboard users. */
const UNBINDABLE = new Set(['Tab', 'Shift+Tab']);

/** In-player shortcuts: bindings, the stage lock, key handling and the editor's state. */
export function createShortcutsModel({ db, run, isPlaying, chromeCommands, clock = realClock }: ShortcutDeps) {
  const settings = signal<PerformanceSettings>(DEFAULT_SETTINGS);
  const loaded = signal(false);
  const bindings = computed(() => settings.value.shortcuts);
  const stageLock = computed(() => settings.value.stageLock);
  const midi = computed(() => settings.value.midi);
  const midiBindings = computed(() => settings.value.midi.bindings);
  const commands = signal<ChromeCommand[]>([]);
  const chromeChords = computed(
    () => new Map(commands.value.flatMap((c) => {
      const chord = chordOfChromeShortcut(c.shortcut);
      return chord ? [[chord, c.description] as const] : [];
    })),
  );
  const feedback = signal<Feedback | null>(null);
  const capturing = signal<ShortcutAction | null>(null);
  /** The action whose MIDI trigger is being learned (the next note, CC or program change). */
  const learning = signal<ShortcutAction | null>(null);
  const conflict = signal<Conflict | null>(null);
  const gate = createStageLockGate(clock);

  async function load(): Promise<void> {
    try {
      settings.value = await loadSettings(db);
    } catch (error) {
      feedback.value = { tone: 'error', text: `Settings could not be read; using the defaults (${String(error)}).` };
    }
    loaded.value = true;
    await refreshChromeCommands();
  }

  async function refreshChromeCommands(): Promise<void> {
    commands.value = await chromeCommands().catch(() => []);
  }

  async function save(next: PerformanceSettings): Promise<void> {
    settings.value = next;
    try {
      await saveSettings(db, next);
    } catch (error) {
      feedback.value = { tone: 'error', text: `Settings could not be saved: ${String(error)}` };
    }
  }

  function trigger(action: ShortcutAction): void {
    feedback.value = { tone: 'done', text: ACTION_LABELS[action] };
    void run(action).then((result) => {
      if (!result.ok) feedback.value = { tone: 'error', text: result.error };
    });
  }

  /** A key went down; true when it was ours (the caller then prevents the browser default). */
  function keyDown(chord: string, repeat: boolean): boolean {
    if (capturing.value) return captureChord(chord);
    const action = actionFor(bindings.value, chord);
    if (!action) return false;
    if (repeat) return true; // a held key acts once (or, locked, when the hold completes)
    press(keyOfChord(chord).key, action, true);
    return true;
  }

  /** Runs the action, unless the stage lock holds it back until a hold (`canHold`) or a second press. */
  function press(key: string, action: ShortcutAction, canHold: boolean): void {
    if (!isGuarded(action, { locked: stageLock.value, playing: isPlaying.value })) return trigger(action);
    if (canHold) {
      if (gate.press(key, () => trigger(action)) === 'armed') showLocked(action, true);
    } else if (gate.tap(key) === 'fired') trigger(action);
    else showLocked(action, false);
  }

  /**
   * A MIDI trigger was pressed (note on, CC at 64 or more, program change); true when it was
   * learned or bound. Notes and CC pedals can be held, like keys; a program change cannot.
   */
  function midiPress(trigger: string): boolean {
    if (learning.value) return learnTrigger(trigger);
    const action = actionFor(midiBindings.value, trigger);
    if (!action) return false;
    press(trigger, action, !trigger.startsWith('pc:'));
    return true;
  }

  /** Note off or CC below 64. */
  function midiRelease(trigger: string): void {
    gate.release(trigger);
  }

  /**
   * A move that ends the song in progress but is not an action (a program change jumping to a
   * setlist entry): the stage lock guards it like Next, a program change being a tap.
   */
  function pressGuarded(key: string, label: string, fire: () => void): void {
    if (!isGuarded('next', { locked: stageLock.value, playing: isPlaying.value }) || gate.tap(key) === 'fired') {
      feedback.value = { tone: 'done', text: label };
      return fire();
    }
    feedback.value = { tone: 'locked', text: `Stage lock: press twice for ${label}` };
  }

  /** A press the stage lock held back, from a key (can be held) or a button (cannot). */
  function showLocked(action: ShortcutAction, canHold: boolean): void {
    feedback.value = { tone: 'locked', text: lockedMessage(action, canHold) };
  }

  /** A key (without modifiers: Shift may be let go first) was released. */
  function keyUp(key: string): void {
    gate.release(key);
  }

  function startCapture(action: ShortcutAction): void {
    conflict.value = null;
    learning.value = null;
    capturing.value = action;
  }

  function startLearn(action: ShortcutAction): void {
    conflict.value = null;
    capturing.value = null;
    learning.value = action;
  }

  function cancelLearn(): void {
    learning.value = null;
  }

  function learnTrigger(trigger: string): boolean {
    const action = learning.value!;
    learning.value = null;
    const owner = conflictOf(midiBindings.value, action, trigger, NO_CHROME_CHORDS);
    if (owner) conflict.value = { source: 'midi', action, chord: trigger, owner };
    else void saveMidi({ bindings: bind(midiBindings.value, action, trigger) });
    return true;
  }

  const saveMidi = (patch: Partial<MidiSettings>) => save({ ...settings.value, midi: { ...settings.value.midi, ...patch } });

  function cancelCapture(): void {
    capturing.value = null;
  }

  function captureChord(chord: string): boolean {
    const action = capturing.value!;
    capturing.value = null;
    if (UNBINDABLE.has(chord)) return false;
    const owner = conflictOf(bindings.value, action, chord, chromeChords.value);
    if (owner) conflict.value = { source: 'key', action, chord, owner };
    else void save({ ...settings.value, shortcuts: bind(bindings.value, action, chord) });
    return true;
  }

  /** Moves the chord from the other action to this one (Chrome's own shortcuts cannot be taken). */
  async function resolveConflict(replace: boolean): Promise<void> {
    const found = conflict.value;
    conflict.value = null;
    if (!replace || found?.owner.kind !== 'action') return;
    if (found.source === 'midi') await saveMidi({ bindings: bind(midiBindings.value, found.action, found.chord) });
    else await save({ ...settings.value, shortcuts: bind(bindings.value, found.action, found.chord) });
  }

  const removeChord = (chord: string) => save({ ...settings.value, shortcuts: unbind(bindings.value, chord) });
  const resetShortcuts = () => save({ ...settings.value, shortcuts: DEFAULT_SETTINGS.shortcuts });
  const setStageLock = (on: boolean) => save({ ...settings.value, stageLock: on });
  const removeTrigger = (trigger: string) => saveMidi({ bindings: unbind(midiBindings.value, trigger) });

  return {
    loaded, bindings, stageLock, midi, midiBindings, commands, feedback, capturing, learning, conflict,
    load, refreshChromeCommands, keyDown, keyUp, showLocked, startCapture, cancelCapture, resolveConflict, removeChord, resetShortcuts, setStageLock,
    midiPress, midiRelease, pressGuarded, startLearn, cancelLearn, removeTrigger, saveMidi,
  };
}

export type ShortcutsModel = ReturnType<typeof createShortcutsModel>;
