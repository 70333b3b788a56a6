import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { runWithNotice } from '../player/run-with-notice';
import { messageOf } from '../messaging/errors';
import { liveQuery, type Subscription } from 'dexie';
import type { EngineStatus } from '../../shared/messages';
import type { SettingsTables } from '../db/settings';
import type { EngineClient } from '../engine/client';
import { validBpm } from '../engine/bar-grid';
import { listOutputs, type MediaDevicesLike, type OutputDevice } from './devices';
import {
  channelsOf,
  DEFAULT_ROUTING,
  defaultFrom,
  GENERATED_CLICK_ID,
  GENERATED_CLICK_NAME,
  hasClickStem,
  MAINS,
  resolveRouting,
  targetsFor,
  TWO_CHANNEL_SPLIT,
  type DefaultRouting,
  type OutputTarget,
  type SongRouting,
} from './routing';
import { loadDefaultRouting, loadNamesAsked, loadSongRouting, saveDefaultRouting, saveNamesAsked, saveOutputDevice, saveSongRouting } from './store';

export const NO_PERMISSION_NOTICE = 'Without the microphone permission Chrome lists no output devices: the system default output plays.';

interface OutputsDeps {
  db: SettingsTables;
  engine: EngineClient;
  status: ReadonlySignal<EngineStatus | null>;
  /** navigator.mediaDevices; injectable for tests. */
  media?: MediaDevicesLike;
}

/** The picker's steps: closed; the explanation before the microphone question; the list. */
export type PickerStep = 'closed' | 'explain' | 'list';

export interface RoutingRow {
  id: string;
  name: string;
  target: OutputTarget;
  /** The device lacks the target's channels: the track plays on the mains. */
  fits: boolean;
}


/**
 * The Outputs panel's state: the output device (listed in this page, applied by the engine in
 * its own document), the current song's routing (its own or the default) and the offers that
 * depend on the device's channel count.
 */
export function createOutputsModel({ db, engine, status, media = globalThis.navigator?.mediaDevices }: OutputsDeps) {
  const song = computed(() => status.value?.song ?? null);
  const output = computed(() => status.value?.output ?? null);
  const channels = computed(() => Math.max(2, output.value?.maxChannels ?? 2));
  /** The song's tracks from its files (the generated click is added by the routing). */
  const tracks = computed(() => song.value?.tracks.filter((t) => t.id !== GENERATED_CLICK_ID) ?? []);
  const stored = signal<{ song: SongRouting | undefined; fallback: DefaultRouting }>({ song: undefined, fallback: DEFAULT_ROUTING });
  const routing = computed(() => resolveRouting(tracks.value, stored.value.song, stored.value.fallback));
  const followsDefault = computed(() => stored.value.song === undefined);
  /** A click can be generated: the song has a tempo and no click stem. */
  const canGenerateClick = computed(() => !!validBpm(song.value?.bpm) && !hasClickStem(tracks.value));
  const rows = computed<RoutingRow[]>(() => {
    const named = [...tracks.value];
    if (routing.value.generatedClick && canGenerateClick.value) named.push({ id: GENERATED_CLICK_ID, name: GENERATED_CLICK_NAME });
    return named.map(({ id, name }) => {
      const target = routing.value.tracks[id] ?? MAINS;
      return { id, name, target, fits: channelsOf(target).every((c) => c < channels.value) };
    });
  });
  const options = computed(() => targetsFor(channels.value));
  const picker = signal<PickerStep>('closed');
  const devices = signal<OutputDevice[]>([]);
  const notice = signal<string | null>(null);
  /** Whether the explanation was answered, here or in an earlier session (saved). */
  let namesAsked = false;

  let subscription: Subscription | null = null;
  /** The id alone: a status push for the same song must not reset its routing. */
  const songId = computed(() => song.value?.id ?? null);
  const stop = effect(() => {
    const id = songId.value;
    subscription?.unsubscribe();
    stored.value = { song: undefined, fallback: stored.peek().fallback };
    subscription = liveQuery(async () => ({ song: id ? await loadSongRouting(db, id) : undefined, fallback: await loadDefaultRouting(db) })).subscribe({
      next: (found) => (stored.value = found),
      error: (error) => (notice.value = `The routing could not be read: ${messageOf(error)}`),
    });
  });

  async function run(work: () => Promise<unknown>): Promise<void> {
    await runWithNotice(notice, work);
  }

  /** Opens the device list; the first time, explains why Chrome asks for the microphone. */
  async function openPicker(): Promise<void> {
    if (!media) {
      notice.value = 'This browser cannot list output devices: the default output plays.';
      return;
    }
    namesAsked ||= await loadNamesAsked(db).catch(() => false);
    if (!namesAsked && (await microphoneState()) === 'prompt') {
      picker.value = 'explain';
      return;
    }
    await refreshDevices();
  }

  /** Asks once for the microphone, only so Chrome shows the outputs' names; the stream is stopped at once. */
  async function allowNames(): Promise<void> {
    await rememberNamesAsked();
    try {
      const stream = await media!.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
    } catch {
      // Refused or dismissed: refreshDevices says what that means.
    }
    await refreshDevices();
  }

  async function skipNames(): Promise<void> {
    await rememberNamesAsked();
    await refreshDevices();
  }

  /** Asked once per device, not once per page: the answer is saved with the settings. */
  async function rememberNamesAsked(): Promise<void> {
    namesAsked = true;
    await saveNamesAsked(db).catch((error: unknown) => (notice.value = `The choice could not be saved: ${messageOf(error)}`));
  }

  async function refreshDevices(): Promise<void> {
    try {
      devices.value = await listOutputs(media!);
      picker.value = 'list';
      // Chrome lists one unnamed output with no id to a page without the microphone permission.
      notice.value = devices.value.length || (await microphoneState()) === 'granted' ? null : NO_PERMISSION_NOTICE;
    } catch (error) {
      notice.value = `The output devices could not be listed: ${messageOf(error)}`;
    }
  }

  async function microphoneState(): Promise<PermissionState | 'unknown'> {
    try {
      return (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state;
    } catch {
      return 'unknown';
    }
  }

  /** '' is the system default. Saved first, so a re-created engine picks it up. */
  const chooseDevice = (deviceId: string) =>
    run(async () => {
      const label = devices.value.find((d) => d.deviceId === deviceId)?.label ?? '';
      await saveOutputDevice(db, deviceId ? { deviceId, label } : null);
      await engine.send('engine.outputDevice', { deviceId, label });
    });

  /** The song's own routing from now on (from what it plays now, with `change` made). */
  const saveSong = (change: (r: SongRouting) => SongRouting) =>
    run(async () => {
      const id = song.value?.id;
      if (!id) throw new Error('No song is loaded');
      // Targets kept for tracks not playing now (the generated click while it is off) stay.
      const current = { ...routing.value, tracks: { ...stored.value.song?.tracks, ...routing.value.tracks } };
      await saveSongRouting(db, id, change(current));
      await engine.send('engine.routing', { songId: id });
    });

  const setTarget = (trackId: string, target: OutputTarget) => saveSong((r) => ({ ...r, tracks: { ...r.tracks, [trackId]: target } }));
  const setGeneratedClick = (on: boolean) => saveSong((r) => ({ ...r, generatedClick: on }));
  /** Click and guide summed on the left, the band on the right: for two-channel devices. */
  const twoChannelSplit = () =>
    saveSong((r) => {
      const split = resolveRouting(tracks.value, undefined, TWO_CHANNEL_SPLIT);
      // The generated click goes left too, whether it is on now or switched on later.
      return { tracks: { ...split.tracks, [GENERATED_CLICK_ID]: TWO_CHANNEL_SPLIT.click }, generatedClick: r.generatedClick };
    });

  /** This song's routing, by role, for every song without its own. */
  const saveAsDefault = () =>
    run(async () => {
      await saveDefaultRouting(db, defaultFrom(tracks.value, routing.value));
      await engine.send('engine.routing', { songId: null });
    });

  const useDefault = () =>
    run(async () => {
      const id = song.value?.id;
      if (!id) throw new Error('No song is loaded');
      await saveSongRouting(db, id, null);
      await engine.send('engine.routing', { songId: id });
    });

  return {
    song,
    output,
    channels,
    rows,
    options,
    routing,
    followsDefault,
    canGenerateClick,
    picker,
    devices,
    notice,
    openPicker,
    allowNames,
    skipNames,
    chooseDevice,
    setTarget,
    setGeneratedClick,
    twoChannelSplit,
    saveAsDefault,
    useDefault,
    dispose: () => {
      stop();
      subscription?.unsubscribe();
    },
  };
}

export type OutputsModel = ReturnType<typeof createOutputsModel>;
