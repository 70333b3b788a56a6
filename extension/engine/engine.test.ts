import { describe, expect, it } from 'vitest';
import { Engine } from './engine';

/** Just enough of an AudioContext: starts suspended, like a context created without a gesture. */
function fakeContext(sampleRate = 48_000) {
  const context = {
    state: 'suspended' as AudioContextState,
    sampleRate,
    currentTime: 0,
    resume: async () => {
      context.state = 'running';
    },
  };
  return context;
}

const engineWith = (create: () => unknown) => new Engine({ createContext: create as () => AudioContext });

describe('Engine', () => {
  it('reports not ready and no song before prepare, without creating an AudioContext', () => {
    let created = 0;
    const engine = engineWith(() => (created++, fakeContext()));
    expect(engine.status()).toMatchObject({ ready: false, sampleRate: null, contextState: 'none', state: 'idle', song: null });
    expect(created).toBe(0);
  });

  it('creates and resumes the AudioContext on prepare, once', async () => {
    let created = 0;
    const engine = engineWith(() => (created++, fakeContext(44_100)));
    await engine.handlers['engine.prepare'](undefined, {});
    const status = await engine.handlers['engine.prepare'](undefined, {});
    expect(status).toMatchObject({ ready: true, sampleRate: 44_100, contextState: 'running', state: 'idle' });
    expect(created).toBe(1);
  });

  it('re-creates the AudioContext if it was closed', async () => {
    const contexts = [fakeContext(), fakeContext()];
    let created = 0;
    const engine = engineWith(() => contexts[created++]);
    await engine.prepare();
    contexts[0]!.state = 'closed';
    expect(engine.status().ready).toBe(false);
    expect((await engine.prepare()).ready).toBe(true);
    expect(created).toBe(2);
  });

  it.each(['play-pause', 'stop', 'next', 'previous', 'panic'] as const)('acknowledges %s without a song and stays idle', async (action) => {
    const engine = engineWith(() => fakeContext());
    expect(await engine.handlers['engine.transport']({ action }, {})).toEqual({ action, state: 'idle' });
    expect(engine.status().contextState).toBe('running');
  });

  it('refuses mixer and seek messages without a song, with a reason', async () => {
    const engine = engineWith(() => fakeContext());
    expect(() => engine.setMix('t1', { mute: true })).toThrow('No song is loaded');
    await expect(engine.seek(10)).rejects.toThrow('No song is loaded');
  });

  it('meters silence without a song', () => {
    expect(engineWith(() => fakeContext()).meters()).toEqual({ master: { peakDb: -200, rmsDb: -200 }, tracks: {} });
  });
});
