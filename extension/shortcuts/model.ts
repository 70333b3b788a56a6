import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { SettingsTables } from '../db/settings';
import { ACTION_LABELS, type ShortcutAction } from './actions';
import { actionFor, bind, conflictOf, unbind, type ChordOwner } from './bindings';
import { chordOfChromeShortcut, keyOfChord } from './chords';
import { DEFAULT_SETTINGS, type PerformanceSettings } from './settings';
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

interface Conflict {
  action: ShortcutAction;
  chord: string;
  owner: ChordOwner;
}

/** Tab keeps moving the focus: taking it would trap keyboard users. */
const UNBINDABLE = new Set(['Tab', 'Shift+Tab']);

/** In-player shortcuts: bindings, the stage lock, key handling and the editor's state. */
export function createShortcutsModel({ db, run, isPlaying, chromeCommands, clock = realClock }: ShortcutDeps) {
  const settings = signal<PerformanceSettings>(DEFAULT_SETTINGS);
  const loaded = signal(false);
  const bindings = computed(() => settings.value.shortcuts);
  const stageLock = computed(() => settings.value.stageLock);
  const commands = signal<ChromeCommand[]>([]);
  const chromeChords = computed(
    () => new Map(commands.value.flatMap((c) => {
      const chord = chordOfChromeShortcut(c.shortcut);
      return chord ? [[chord, c.description] as const] : [];
    })),
  );
  const feedback = signal<Feedback | null>(null);
  const capturing = signal<ShortcutAction | null>(null);
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
    if (isGuarded(action, { locked: stageLock.value, playing: isPlaying.value })) {
      if (gate.press(keyOfChord(chord).key, () => trigger(action)) === 'armed') showLocked(action, true);
      return true;
    }
    trigger(action);
    return true;
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
    capturing.value = action;
  }

  function cancelCapture(): void {
    capturing.value = null;
  }

  function captureChord(chord: string): boolean {
    const action = capturing.value!;
    capturing.value = null;
    if (UNBINDABLE.has(chord)) return false;
    const owner = conflictOf(bindings.value, action, chord, chromeChords.value);
    if (owner) conflict.value = { action, chord, owner };
    else void save({ ...settings.value, shortcuts: bind(bindings.value, action, chord) });
    return true;
  }

  /** Moves the chord from the other action to this one (Chrome's own shortcuts cannot be taken). */
  async function resolveConflict(replace: boolean): Promise<void> {
    const found = conflict.value;
    conflict.value = null;
    if (replace && found?.owner.kind === 'action') {
      await save({ ...settings.value, shortcuts: bind(bindings.value, found.action, found.chord) });
    }
  }

  const removeChord = (chord: string) => save({ ...settings.value, shortcuts: unbind(bindings.value, chord) });
  const resetShortcuts = () => save({ ...settings.value, shortcuts: DEFAULT_SETTINGS.shortcuts });
  const setStageLock = (on: boolean) => save({ ...settings.value, stageLock: on });

  return {
    loaded, bindings, stageLock, commands, feedback, capturing, conflict,
    load, refreshChromeCommands, keyDown, keyUp, showLocked, startCapture, cancelCapture, resolveConflict, removeChord, resetShortcuts, setStageLock,
  };
}

export type ShortcutsModel = ReturnType<typeof createShortcutsModel>;
