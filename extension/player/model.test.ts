import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import type { EventsPort } from './engine-model';
import { createPlayerModel } from './model';
import { engineStatus } from './status-fixture';

const READY = engineStatus();

const silentPort = (): EventsPort => ({ onMessage: { addListener() {} }, onDisconnect: { addListener() {} }, disconnect() {} });

function setup(ensureEngine: () => Promise<EngineStatus>, send: EngineClient['send'] = async () => ({}) as never) {
  return createPlayerModel({ engine: { send }, ensureEngine, connectEvents: silentPort });
}

describe('player model', () => {
  it('shows the engine starting, then ready with its sample rate', async () => {
    const model = setup(async () => READY);
    expect(model.engineLabel.value).toBe('Starting engine…');
    expect(model.engineTone.value).toBe('pending');
    await model.connectEngine();
    expect(model.engineLabel.value).toBe('Engine ready · 48000 Hz');
    expect(model.engineTone.value).toBe('ready');
  });

  it('shows why the engine is unavailable, and recovers on the next success', async () => {
    let fail = true;
    const model = setup(async () => {
      if (fail) throw new Error('offscreen document refused');
      return READY;
    });
    await model.connectEngine();
    expect(model.engineLabel.value).toBe('Engine unavailable: offscreen document refused');
    expect(model.engineTone.value).toBe('error');
    fail = false;
    await model.connectEngine();
    expect(model.engineTone.value).toBe('ready');
  });

  it('starts with an empty library', () => {
    expect(setup(async () => READY).libraryEmpty.value).toBe(true);
  });
});
