import { computed, signal } from '@preact/signals';
import type { EngineStatus } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { dropoutSummary } from './dropouts';
import { createEngineModel, type EventsPort } from './engine-model';

interface PlayerDeps {
  engine: EngineClient;
  /** Asks the background to create the offscreen engine and prepare audio. */
  ensureEngine: () => Promise<EngineStatus>;
  /** Opens the engine's events port (its true state, meters). */
  connectEvents: () => EventsPort;
}

export type EngineTone = 'pending' | 'ready' | 'error';

/** The player page's state, kept outside components so they stay small and testable. */
export function createPlayerModel({ engine, ensureEngine, connectEvents }: PlayerDeps) {
  /** Song, transport, mix and meters, pushed by the engine. */
  const live = createEngineModel({ engine, ensureEngine, connect: connectEvents });
  const engineStatus = live.status;
  const engineError = signal<string | null>(null);
  /** Filled from the local library (Dexie) once it exists. */
  const songCount = signal(0);

  const engineTone = computed<EngineTone>(() => {
    if (engineError.value) return 'error';
    return engineStatus.value?.ready ? 'ready' : 'pending';
  });

  const engineLabel = computed(() => {
    const status = engineStatus.value;
    if (engineError.value) return `Engine unavailable: ${engineError.value}`;
    if (!status) return 'Starting engine…';
    const { underruns, decodeErrors } = status.counters ?? { underruns: 0, decodeErrors: 0 };
    const trouble = underruns + decodeErrors > 0 ? ` · ${underruns} dropouts, ${decodeErrors} decode errors since start` : '';
    if (status.ready) return `Engine ready · ${status.sampleRate} Hz${trouble}`;
    return `Engine ${status.contextState}`;
  });

  const libraryEmpty = computed(() => songCount.value === 0);
  /** The current song's latest dropout, worded for the performer. */
  const dropouts = computed(() => dropoutSummary(engineStatus.value?.dropouts ?? [], engineStatus.value?.trackDropouts));

  async function track<T>(work: Promise<T>): Promise<T | undefined> {
    try {
      const result = await work;
      engineError.value = null;
      return result;
    } catch (error) {
      engineError.value = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  }

  /** Called when the player opens so the offscreen document is warm before the first Play. */
  async function connectEngine(): Promise<void> {
    const status = await track(ensureEngine());
    if (!status) return;
    engineStatus.value = status;
    live.subscribe();
  }

  return { live, engineStatus, engineError, engineTone, engineLabel, songCount, libraryEmpty, dropouts, connectEngine };
}
