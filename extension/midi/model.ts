import { effect, signal, type ReadonlySignal } from '@preact/signals';
import type { EngineStatus } from '../../shared/messages';
import type { SettingsTables } from '../db/settings';
import type { ShortcutsModel } from '../shortcuts/model';
import { epochToPageClock, midiTimestampFor, songStartEpoch } from './clock';
import { decodeMidi, triggerOf } from './messages';
import type { PedalTest } from './pedal-test';
import { entryIndexOfProgram } from './program-change';
import { describeSongOut, loadSongOuts, normalizeSongOut, saveSongOuts, songOutMessages, type SongMidiOut, type SongMidiOutMap } from './song-out';

export type MidiState = 'off' | 'asking' | 'on' | 'refused' | 'unsupported' | 'needs-permission';

interface SetlistLike {
  id: string;
  name: string;
  entries: readonly unknown[];
}

interface MidiDeps {
  db: SettingsTables;
  /** navigator.requestMIDIAccess, or null where the browser has no Web MIDI. */
  requestAccess: (() => Promise<MIDIAccess>) | null;
  /** The MIDI permission as it stands, without asking. */
  permission: () => Promise<PermissionState | 'unknown'>;
  shortcuts: Pick<ShortcutsModel, 'midi' | 'learning' | 'loaded' | 'midiPress' | 'midiRelease' | 'pressGuarded' | 'saveMidi'>;
  pedalTest: Pick<PedalTest, 'open' | 'message'>;
  status: ReadonlySignal<EngineStatus | null>;
  isPlaying: ReadonlySignal<boolean>;
  /** The setlist a program change jumps in: the show, else the one selected. */
  setlist: ReadonlySignal<SetlistLike | null>;
  /** Starts the setlist at an entry, the "Jump to" path of the show view. */
  playFrom: (setlistId: string, index: number, play: boolean) => Promise<void>;
  /** This page's clock (Web MIDI timestamps are on it). */
  clock?: { timeOrigin: number; now(): number };
}

export interface MidiPort {
  id: string;
  name: string;
}

/** Two starts of one song closer than this (ms) are one start reported twice by the engine. */
const SAME_START_MS = 100;

const REFUSED = 'MIDI permission was refused, so MIDI devices cannot control the player; keys and pedals keep working. To allow it, open the site settings (the icon left of the address bar), set MIDI devices to Allow, and turn MIDI on again.';
const NO_DEVICES = 'No MIDI device is connected. Connect one (it appears here at once); keys and pedals keep working meanwhile.';

/**
 * Web MIDI in the player: access (asked only when the performer turns MIDI on), incoming messages
 * to the shortcuts (learned triggers run actions through the transport's run path; unlearned
 * program changes jump to a setlist entry), and MIDI out at each song's start.
 */
export function createMidiModel(deps: MidiDeps) {
  const { db, shortcuts, pedalTest, status, clock = performance } = deps;
  const state = signal<MidiState>('off');
  const message = signal<string | null>(null);
  const inputs = signal<MidiPort[]>([]);
  const outputs = signal<MidiPort[]>([]);
  const songOuts = signal<SongMidiOutMap>({});
  /** The last song-start send, for the performer to see it happened. */
  const lastSent = signal<string | null>(null);
  let access: MIDIAccess | null = null;
  const listening = new Set<MIDIInput>();
  let lastStart: { songId: string; epoch: number } | null = null;

  function onMessage(event: Event): void {
    const data = (event as MIDIMessageEvent).data;
    if (!data) return;
    receive(data);
  }

  /** One incoming message (exposed for the pedal test and unit tests). */
  function receive(data: ArrayLike<number>): void {
    const decoded = decodeMidi(data);
    if (pedalTest.open.value) return pedalTest.message(data, decoded);
    if (!decoded) return;
    const { trigger, pressed } = triggerOf(decoded)!;
    if (!pressed) return shortcuts.midiRelease(trigger);
    const learning = shortcuts.learning.value !== null;
    if (shortcuts.midiPress(trigger) || learning) return;
    if (decoded.kind === 'pc' && shortcuts.midi.value.programJump) jump(decoded.program, trigger);
  }

  function jump(program: number, trigger: string): void {
    const list = deps.setlist.value;
    if (!list) return void (message.value = `Program change ${program}: no setlist to jump in. Start or select a setlist first.`);
    const index = entryIndexOfProgram(program, shortcuts.midi.value.programBase, list.entries.length);
    if (index === null) return void (message.value = `Program change ${program}: “${list.name}” has no entry ${program - shortcuts.midi.value.programBase + 1}.`);
    message.value = null;
    shortcuts.pressGuarded(trigger, `Setlist entry ${index + 1}`, () => void deps.playFrom(list.id, index, deps.isPlaying.value));
  }

  function refreshPorts(): void {
    if (!access) return;
    const all = [...access.inputs.values()];
    for (const input of all) {
      if (listening.has(input)) continue;
      input.addEventListener('midimessage', onMessage);
      listening.add(input);
    }
    inputs.value = all.map((p) => ({ id: p.id, name: p.name ?? p.id }));
    outputs.value = [...access.outputs.values()].map((p) => ({ id: p.id, name: p.name ?? p.id }));
    message.value = inputs.value.length || outputs.value.length ? null : NO_DEVICES;
  }

  async function connect(): Promise<void> {
    if (!deps.requestAccess) {
      state.value = 'unsupported';
      message.value = 'This browser has no Web MIDI, so MIDI devices cannot control the player; keys and pedals keep working.';
      return;
    }
    state.value = 'asking';
    try {
      access = await deps.requestAccess();
    } catch {
      state.value = 'refused';
      message.value = REFUSED;
      return;
    }
    access.addEventListener('statechange', refreshPorts);
    state.value = 'on';
    refreshPorts();
  }

  function disconnect(): void {
    for (const input of listening) input.removeEventListener('midimessage', onMessage);
    listening.clear();
    access?.removeEventListener('statechange', refreshPorts);
    access = null;
    inputs.value = [];
    outputs.value = [];
  }

  /** The performer turned MIDI on: the only place the permission is asked for. */
  async function turnOn(): Promise<void> {
    await shortcuts.saveMidi({ enabled: true });
    await connect();
  }

  async function turnOff(): Promise<void> {
    disconnect();
    state.value = 'off';
    message.value = null;
    await shortcuts.saveMidi({ enabled: false });
  }

  /** At start: reconnects without asking when MIDI was on and the permission still stands. */
  async function load(): Promise<void> {
    songOuts.value = await loadSongOuts(db).catch(() => ({}));
    if (!shortcuts.midi.value.enabled) return;
    if ((await deps.permission().catch(() => 'unknown' as const)) === 'granted') return connect();
    state.value = 'needs-permission';
    message.value = 'MIDI is on, but Chrome needs the permission again: press Turn on MIDI.';
  }

  async function setSongOut(songId: string, out: SongMidiOut | null): Promise<void> {
    const next = { ...songOuts.value };
    const valid = normalizeSongOut(out);
    if (valid) next[songId] = valid;
    else delete next[songId];
    songOuts.value = next;
    try {
      await saveSongOuts(db, next);
    } catch (error) {
      message.value = `MIDI out could not be saved: ${String(error)}`;
    }
  }

  function output(): MIDIOutput | null {
    if (!access) return null;
    const chosen = shortcuts.midi.value.outputId;
    return (chosen ? access.outputs.get(chosen) : undefined) ?? access.outputs.values().next().value ?? null;
  }

  /** Sends the song's program change / CC timed to its first frame (a segue or a Play from the top). */
  function onStatus(s: EngineStatus | null): void {
    const songId = s?.song?.id;
    const epoch = s && songId ? songStartEpoch(s) : null;
    if (!songId || epoch === null) return;
    if (lastStart && lastStart.songId === songId && Math.abs(lastStart.epoch - epoch) < SAME_START_MS) return;
    lastStart = { songId, epoch };
    const out = songOuts.peek()[songId];
    const port = output();
    if (!out || !port) return;
    const timestamp = midiTimestampFor(epochToPageClock(epoch, clock.timeOrigin), clock.now());
    try {
      for (const bytes of songOutMessages(out)) port.send(bytes, timestamp);
      lastSent.value = `Sent ${describeSongOut(out)} to ${port.name ?? port.id} at the start of “${s!.song!.title}”`;
    } catch (error) {
      message.value = `MIDI out failed: ${String(error)}`;
    }
  }
  const stopWatching = effect(() => onStatus(status.value));

  const selectOutput = (id: string | null) => shortcuts.saveMidi({ outputId: id });

  const dispose = () => {
    stopWatching();
    disconnect();
  };

  return { state, message, inputs, outputs, songOuts, lastSent, receive, turnOn, turnOff, load, setSongOut, selectOutput, dispose };
}

export type MidiModel = ReturnType<typeof createMidiModel>;
