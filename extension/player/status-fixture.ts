import type { EngineStatus } from '../../shared/messages';

/** An engine status for the player's unit tests: ready, no song, nothing played; `over` sets the rest. */
export function engineStatus(over: Partial<EngineStatus> = {}): EngineStatus {
  return {
    ready: true,
    sampleRate: 48_000,
    contextState: 'running',
    state: 'idle',
    song: null,
    positionSec: 0,
    sampledAt: 0,
    queue: { index: -1, length: 0 },
    prepared: [],
    mix: null,
    error: null,
    lastCommand: null,
    dropouts: [],
    counters: { underruns: 0, decodeErrors: 0, retriedStarts: 0, delayedSeams: 0 },
    positionEpoch: 0,
    latency: null,
    advancesAt: null,
    fadeMs: 8,
    ...over,
  };
}
