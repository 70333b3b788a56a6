import { computed, effect } from '@preact/signals';
import { browser } from 'wxt/browser';
import { ENGINE_EVENTS_PORT } from '../../shared/messages';
import { createPlayerAccount } from '../account/player-account';
import { createPracticeLog } from '../account/practice-log';
import { createBackupModel } from '../backup/model';
import { db } from '../db/db';
import { createEngineClient } from '../engine/client';
import { probeAudio } from '../library/import/probe';
import { createLibraryModel } from '../library/model';
import { createPlaysView } from '../library/plays';
import { createTracksModel } from '../library/tracks-model';
import { createPeaksJobs } from '../waveform/peaks-jobs';
import { createLyricsModel } from '../lyrics/model';
import { sendMessage } from '../messaging/send';
import { createMidiModel } from '../midi/model';
import { createPedalTest } from '../midi/pedal-test';
import { createSectionsModel } from '../sections/model';
import { createSetlistModel } from '../setlists/model';
import { listenForShortcuts } from '../shortcuts/keyboard';
import { createShortcutsModel } from '../shortcuts/model';
import { applyStageLook, createStageSettingsModel } from '../stage-settings/model';
import { nextSongTitle } from '../stage-settings/stage-view';
import { afterRestore } from '../transport/after-restore';
import { createTransport } from '../transport/model';
import { downloadBlob } from './download';
import { createPlayerModel } from './model';
import { createViewsModel } from './views';
import { createOutputsModel } from '../outputs/model';

/**
 * Builds every model of the player page (opened as a tab from the toolbar, or in the side
 * panel), wires them to the engine, the account's gates and the page, and starts them.
 */
export function setupPlayer(page: Window = window) {
  const ensureEngine = () => sendMessage('background', 'offscreen.ensure');
  const connectEvents = () => browser.runtime.connect({ name: ENGINE_EVENTS_PORT });
  // Every message waits out a restore of the engine (the model sees it start when its port drops).
  const engine = afterRestore(createEngineClient(ensureEngine), () => model.live.restored());
  const model = createPlayerModel({ engine, ensureEngine, connectEvents });
  // An edit reaches a running engine; one not running reads the library when it opens the song.
  const songEdited = (songId: string) => void sendMessage('offscreen', 'engine.songEdited', { songId }).catch(() => {});
  const { live } = model;

  const account = createPlayerAccount(live.isPlaying);
  createPracticeLog({ db, status: live.status });
  const stage = createStageSettingsModel({ db });
  // Waveforms are made after an import is saved, and for older tracks, only while the engine is stopped.
  const peaks = createPeaksJobs({ db, busy: computed(() => !['stopped', 'idle'].includes(live.status.value?.state ?? 'idle')) });
  const library = createLibraryModel({
    db,
    probe: probeAudio,
    drawWaveforms: peaks.enqueue,
    songEdited,
    // The show guard decides: load the song, or during a show cue it next.
    loadSong: (songId, order) => setlists.guard.pick(songId, order),
    limits: account.gates.importLimits,
  });
  const setlists = createSetlistModel({
    db,
    engine,
    status: live.status,
    songs: library.songs,
    // Plan gate (extension/account/gates.ts): Free holds one setlist.
    canAddSetlist: (count) => {
      const gate = account.gates.canAdd('setlists', count);
      return gate.ok ? null : gate.message;
    },
    guardShow: computed(() => stage.settings.value.lock.guardShow),
    loadSong: (songId, order) => live.load(songId, order),
  });
  const sections = createSectionsModel({ db, engine, status: live.status, position: live.position, songEdited });
  const shortcuts = createShortcutsModel({
    db,
    // The one shortcut that is not a transport command: back to the performance view (never locked away).
    run: async (action) => (action === 'show-stage' ? (views.open('perform'), { ok: true as const }) : transport.run(action, 'key')),
    isPlaying: live.isPlaying,
    chromeCommands: async () =>
      (await browser.commands.getAll()).map((c) => ({
        name: c.name ?? '',
        // Chrome's toolbar-click command has no description of ours.
        description: c.description || (c.name === '_execute_action' ? 'Open the player' : (c.name ?? '')),
        shortcut: c.shortcut ?? '',
      })),
  });
  // Buttons, keys and pedals: one command path with one acknowledgement and one error message,
  // and one stage lock (keys are judged in the shortcuts model, which sees them held).
  const transport = createTransport({
    engine,
    position: live.position,
    duration: live.duration,
    sections,
    lock: { on: shortcuts.stageLock, playing: live.isPlaying, onLocked: (command) => shortcuts.showLocked(command, false) },
  });
  const openChromeShortcuts = () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  const pedalTest = createPedalTest({
    keys: () => shortcuts.bindings.value,
    midi: () => shortcuts.midiBindings.value,
    programJump: () => shortcuts.midi.value.programJump,
  });
  // MIDI: learned triggers run through the same shortcuts (stage lock) and transport path as keys.
  const midi = createMidiModel({
    db,
    requestAccess: typeof page.navigator.requestMIDIAccess === 'function' ? () => page.navigator.requestMIDIAccess({ sysex: false }) : null,
    permission: async () => (await page.navigator.permissions.query({ name: 'midi' as PermissionName })).state,
    shortcuts,
    pedalTest,
    status: live.status,
    isPlaying: live.isPlaying,
    setlist: computed(() => setlists.show.value ?? setlists.selected.value),
    playFrom: (id, index, play) => setlists.playFrom(id, index, play),
    clock: page.performance,
  });
  void shortcuts.load().then(() => midi.load());
  listenForShortcuts(page, shortcuts, pedalTest);
  // Back from chrome://extensions/shortcuts: show the global shortcuts as they are now.
  page.addEventListener('focus', () => void shortcuts.refreshChromeCommands());
  // Back from Checkout or another window: pick up a plan change at once.
  page.addEventListener('focus', () => account.refreshOnFocus());
  void account.start();

  const lyrics = createLyricsModel({
    db,
    song: live.song,
    position: live.position,
    lookAheadMs: stage.lookAheadMs,
    showWords: computed(() => stage.settings.value.show.lyricWords),
  });
  const backup = createBackupModel({
    db,
    canExport: () => account.gates.canUse('backup_export'), // Premium gate (extension/account/gates.ts)
    canAdd: account.gates.canAdd,
    download: downloadBlob,
    isPlaying: live.isPlaying,
  });
  const plays = createPlaysView(db);
  const tracks = createTracksModel({ db, songId: computed(() => live.song.value?.id ?? null), peaks });
  const nextSong = nextSongTitle(live.status, library.songs);
  /** The loaded song's title and artist as the library has them now (a rename shows at once). */
  const nowPlaying = computed(() => {
    const song = live.song.value;
    if (!song) return null;
    const record = library.songs.value.find((s) => s.id === song.id);
    return { title: record?.title ?? song.title, artist: record?.artist ?? song.artist };
  });
  /** The lock hides what could edit or delete while a song plays. */
  const editingHidden = computed(() => stage.settings.value.lock.hideEditingWhilePlaying && live.isPlaying.value);
  /** A locked show keeps the performer on the performance view: editing hidden, or the stage lock on while a song plays. */
  const views = createViewsModel({
    locked: computed(() => editingHidden.value || (shortcuts.stageLock.value && live.isPlaying.value)),
    storage: page.sessionStorage,
  });
  // A setlist that starts (from the setlists view or a key), or a library pick the show guard cues,
  // brings the performance view up: it shows the show, the cue and its Play now / Take back.
  let showSeen: string | null = null;
  effect(() => {
    const show = setlists.showId.value;
    if (show && show !== showSeen) views.open('perform');
    showSeen = show;
  });
  effect(() => {
    if (setlists.guard.cued.value) views.open('perform');
  });

  effect(() => applyStageLook(page.document.documentElement, stage.settings.value));
  // The engine keeps the performer's transport fade; a re-created engine that lost it (or a send
  // that failed) is told again on its next status.
  effect(() => {
    const fadeMs = stage.settings.value.transportFadeMs;
    const running = live.status.value;
    if (stage.loaded.value && running && running.fadeMs !== fadeMs) void engine.send('engine.settings', { fadeMs }).catch(() => {});
  });
  // Closing the tab does not stop the engine, but a performer closing it by mistake loses the stage view.
  page.addEventListener('beforeunload', (event) => {
    if (stage.settings.value.lock.confirmClose && live.isPlaying.value) event.preventDefault();
  });
  void stage.load();
  const outputs = createOutputsModel({ db, engine, status: live.status });
  /** The Outputs panel bound to its model, so the page mounts it as `<player.OutputsPanel />`. */

  return { model, transport, account, library, setlists, sections, shortcuts, midi, pedalTest, openChromeShortcuts, stage, lyrics, backup, plays, tracks, nextSong, nowPlaying, editingHidden, views, outputs };
}

export type Player = ReturnType<typeof setupPlayer>;
