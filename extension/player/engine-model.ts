import { computed, signal } from '@preact/signals';
import type { EngineAction, EngineEvent, EngineStatus, MeterFrame, TrackMixView } from '../../shared/messages';
import type { EngineClient } from '../engine/client';

/** The part of a runtime Port the model uses (a fake one in unit tests). */
export interface EventsPort {
  onMessage: { addListener(listener: (event: EngineEvent) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

interface EngineModelDeps {
  engine: EngineClient;
  /** Asks the background to (re)create the offscreen engine. */
  ensureEngine: () => Promise<EngineStatus>;
  /** Opens the engine's events port (status on change, meters while playing). */
  connect: () => EventsPort;
  now?: () => number;
}

const RECONNECT_MS = 500;
const CLOCK_MS = 200;

/**
 * The engine as the player sees it: the engine pushes its true state over the events port,
 * so a reopened player shows what is really playing; the model only extrapolates the play head.
 */
export function createEngineModel({ engine, ensureEngine, connect, now = Date.now }: EngineModelDeps) {
  const status = signal<EngineStatus | null>(null);
  const meters = signal<MeterFrame | null>(null);
  const clock = signal(now());
  let port: EventsPort | null = null;
  let closed = false;
  /** While the engine is being re-created and restored after its document went away. */
  let recovery: Promise<void> | null = null;

  const song = computed(() => status.value?.song ?? null);
  const isPlaying = computed(() => status.value?.state === 'playing');
  const duration = computed(() => song.value?.durationSec ?? 0);
  /** Seconds; moves smoothly between status messages while playing. */
  const position = computed(() => {
    const s = status.value;
    if (!s) return 0;
    // The engine's truth: the head advances from `advancesAt` (after a count-in or the start
    // lead), and every discontinuity (loop wrap, jump, seek) arrives as a new status.
    const from = s.advancesAt ?? s.sampledAt;
    const moved = s.state === 'playing' ? Math.max(0, clock.value - Math.max(from, s.sampledAt)) / 1000 : 0;
    return Math.min(s.positionSec + moved, duration.value || Infinity);
  });
  const mix = computed(() => status.value?.mix ?? null);

  const ticker = setInterval(() => {
    if (isPlaying.value) clock.value = now();
  }, CLOCK_MS);

  function subscribe(): void {
    if (closed) return;
    const current = connect();
    port = current;
    current.onMessage.addListener((event) => {
      if (event.type === 'status') {
        clock.value = now();
        status.value = event.status;
      } else meters.value = event.meters;
    });
    // The document was closed (by Chrome, or never created): re-create it at once (the background
    // restores the song, position and play state) and listen again, without waiting for a key.
    current.onDisconnect.addListener(() => {
      if (port !== current || closed) return;
      port = null;
      meters.value = null;
      recovery = ensureEngine().then(
        () => {
          recovery = null;
          subscribe();
        },
        () => {
          recovery = null;
          setTimeout(subscribe, RECONNECT_MS);
        },
      );
    });
  }

  /** Resolves once no restore is under way: a command sent then acts on the restored state. */
  const restored = (): Promise<void> => recovery ?? Promise.resolve();

  const transport = (action: EngineAction) => engine.send('engine.transport', { action });
  const seek = (seconds: number) => engine.send('engine.seek', { seconds });
  const load = (songId: string, queue?: string[]) => engine.send('engine.load', { songId, queue });
  const setTrack = (trackId: string, patch: Partial<TrackMixView>) => engine.send('engine.mix', { track: trackId, patch });
  const setMaster = (gainDb: number) => engine.send('engine.mix', { track: null, patch: { gainDb } });
  const resetMix = () => engine.send('engine.resetMix');

  function close(): void {
    closed = true;
    clearInterval(ticker);
    port?.disconnect();
  }

  return { status, meters, song, isPlaying, duration, position, mix, subscribe, restored, transport, seek, load, setTrack, setMaster, resetMix, close };
}

export type EngineModel = ReturnType<typeof createEngineModel>;
