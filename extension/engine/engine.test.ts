import { describe, expect, it } from 'vitest';
import { Engine } from './engine';

/** Just enough of an AudioContext: starts suspended, like a context created without a gesture. */
function fakeContext(sampleRate = 48_000) {
  const context = {
    state: 'suspended' as AudioContextState,
    sampleRate,
    resume: async () => {
      context.state = 'running';
    },
  };
  return context;
}

describe('Engine', () => {
  it('reports not ready before prepare, without creating an AudioContext', () => {
    let created = 0;
    const engine = new Engine(() => (created++, fakeContext() as unknown as AudioContext));
    expect(engine.status()).toEqual({ ready: false, sampleRate: null, contextState: 'none', state: 'idle' });
    expect(created).toBe(0);
  });

  it('creates and resumes the AudioContext on prepare, once', async () => {
    let created = 0;
    const engine = new Engine(() => (created++, fakeContext(44_100) as unknown as AudioContext));
    await engine.handlers['engine.prepare'](undefined, {});
    const status = await engine.handlers['engine.prepare'](undefined, {});
    expect(status).toEqual({ ready: true, sampleRate: 44_100, contextState: 'running', state: 'idle' });
    expect(created).toBe(1);
  });

  it('re-creates the AudioContext if it was closed', async () => {
    const contexts = [fakeContext(), fakeContext()];
    let created = 0;
    const engine = new Engine(() => contexts[created++] as unknown as AudioContext);
    await engine.prepare();
    contexts[0]!.state = 'closed';
    expect(engine.status().ready).toBe(false);
    expect((await engine.prepare()).ready).toBe(true);
    expect(created).toBe(2);
  });

  it.each(['play-pause', 'stop', 'next', 'previous'] as const)('acknowledges %s and stays idle', async (action) => {
    const engine = new Engine(() => fakeContext() as unknown as AudioContext);
    expect(await engine.handlers['engine.transport']({ action }, {})).toEqual({ action, state: 'idle' });
    expect(engine.status().contextState).toBe('running');
  });
});
