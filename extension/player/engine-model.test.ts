import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineStatus } from '../../shared/messages';
import { createEngineModel, type EventsPort } from './engine-model';
import { engineStatus } from './status-fixture';

/** A loaded, stopped song of 100 s. */
const status = (over: Partial<EngineStatus>): EngineStatus =>
  engineStatus({ state: 'stopped', song: { id: 's1', title: 'Song', artist: '', durationSec: 100, tracks: [] }, queue: { index: 0, length: 1 }, ...over });

function fakePort() {
  const listeners: ((e: EngineEvent) => void)[] = [];
  const disconnects: (() => void)[] = [];
  const port: EventsPort = {
    onMessage: { addListener: (l) => listeners.push(l) },
    onDisconnect: { addListener: (l) => disconnects.push(l) },
    disconnect() {},
  };
  return { port, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)) };
}

describe('engine model', () => {
  it('shows the state the engine pushes and extrapolates the play head while playing', () => {
    let now = 1_000;
    const { port, emit } = fakePort();
    const model = createEngineModel({ engine: { send: async () => ({}) as never }, ensureEngine: async () => status({}), connect: () => port, now: () => now });
    model.subscribe();
    emit({ type: 'status', status: status({ state: 'playing', positionSec: 10, sampledAt: 1_000 }) });
    expect(model.isPlaying.value).toBe(true);
    now = 3_500;
    emit({ type: 'meters', meters: { master: { peakDb: -6, rmsDb: -12 }, tracks: {} } }); // not a status: no clock change
    expect(model.meters.value?.master.rmsDb).toBe(-12);
    emit({ type: 'status', status: status({ state: 'paused', positionSec: 12.5, sampledAt: 3_500 }) });
    now = 9_000;
    expect(model.position.value).toBe(12.5); // paused: does not move
    model.close();
  });
});
