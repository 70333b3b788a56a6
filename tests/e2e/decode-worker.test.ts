/**
 * Stems are decoded in a worker, not on the offscreen document's main thread (which runs the
 * messaging and the scheduler's timer), and a decode failure is reported per stem while the
 * others play on. Both use the engine's test-only decoder hooks (decode/test-hooks.ts).
 */
import type { JSHandle, Page, WebWorker } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { engineTestHooks } from '../../extension/engine/decode/test-hooks.ts';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';

type Hooks = typeof engineTestHooks;

const CHUNK_FRAMES = 32_768;
/** Two 48 kHz stems: resampled to the context's 44.1 kHz, as most real songs are. */
const WORKER_SONG = {
  id: 'decode-worker',
  title: 'Decode Worker',
  tracks: [1, 2].map((i) => noiseTrack(`dw-${i}`, { seed: i, seconds: 20 })),
};
/** An Opus stem (stored as audio/webm) that will be made to fail, beside a WAV stem that will not. */
const FAIL_SONG = {
  id: 'decode-fail',
  title: 'Decode Failure',
  tracks: [
    noiseTrack('df-opus', { kind: 'opus-noise', seed: 5, seconds: 20, channels: 2 }),
    noiseTrack('df-wav', { seed: 6, seconds: 20 }),
  ],
};

let ext: ExtensionHarness;
let sw: WebWorker;
let offscreen: Page;
/** The offscreen page's `__engineTestHooks`. */
let hooks: JSHandle<Hooks>;

beforeAll(async () => {
  ext = await launchExtension();
  const player = await ext.openPlayer();
  sw = await ext.serviceWorker();
  await seedSongs(player, [WORKER_SONG, FAIL_SONG]);
  await engineCall(sw, 'engine.status');
  offscreen = await ext.offscreenPage();
  hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __engineTestHooks: Hooks }).__engineTestHooks);
});

afterEach(async () => {
  await hooks.evaluate((h) => {
    h.setDecodeDelay(0);
    h.setDecodeFailure(null);
  });
});

afterAll(async () => {
  await ext?.close();
});

describe('decode worker', () => {
  it('decodes in a worker: a slow (CPU-bound) decoder does not block the offscreen main thread', async () => {
    const delayMs = 1000;
    await hooks.evaluate((h, ms) => h.setDecodeDelay(ms, 'busy'), delayMs);
    // A 10 ms timer on the main thread: its longest gap while the song loads.
    await offscreen.evaluate(() => {
      const probe = { last: performance.now(), maxGap: 0, timer: 0 };
      probe.timer = setInterval(() => {
        const now = performance.now();
        probe.maxGap = Math.max(probe.maxGap, now - probe.last);
        probe.last = now;
      }, 10) as unknown as number;
      (globalThis as unknown as { __probe: typeof probe }).__probe = probe;
    });
    // Load-and-play returns once every stem has its first 2 s decoded.
    const started = Date.now();
    await engineCall(sw, 'engine.load', { songId: WORKER_SONG.id, queue: [WORKER_SONG.id], play: true });
    const loadMs = Date.now() - started;
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    const maxGap = await offscreen.evaluate(() => {
      const probe = (globalThis as unknown as { __probe: { maxGap: number; timer: number } }).__probe;
      clearInterval(probe.timer);
      return probe.maxGap;
    });
    const workers = offscreen.workers().map((w) => w.url());
    const streams = await hooks.evaluate((h) => h.streams());
    console.log('decode worker:', { loadMs, maxGapMs: Math.round(maxGap), workers, streams });

    expect(workers.some((url) => /\/assets\/worker-[\w-]+\.js$/.test(url))).toBe(true);
    // Every stem decoded at least its first 2 s (3 chunks), each chunk slowed by the delay in the worker...
    expect(loadMs).toBeGreaterThan(WORKER_SONG.tracks.length * 3 * delayMs);
    expect(streams).toHaveLength(WORKER_SONG.tracks.length);
    for (const s of streams) {
      expect(s).toMatchObject({ codec: 'pcm-s16', inRate: 48_000, error: null, failedAtFrame: null });
      expect(s.decodedFrames).toBeGreaterThanOrEqual(3 * CHUNK_FRAMES);
      expect(s.decodeMs).toBeGreaterThanOrEqual(3 * delayMs);
    }
    // ...while the main thread's timer kept running: decoding there would stall it for a whole
    // delay each chunk (the margin is for a loaded machine's scheduling hiccups).
    expect(maxGap).toBeLessThan(delayMs * 0.8);
  }, 60_000);

  it('a decode failure surfaces through StemStream.error and failedAtFrame; the other stem plays on', async () => {
    const failAt = 44_100; // 1 s at the headless context's rate
    await hooks.evaluate((h, frame) => h.setDecodeFailure('audio/webm', frame), failAt);
    await engineCall(sw, 'engine.load', { songId: FAIL_SONG.id, queue: [FAIL_SONG.id], play: true });
    const opusStream = async () => (await hooks.evaluate((h) => h.streams())).find((s) => s.codec === 'opus');
    await expect.poll(async () => (await opusStream())?.failedAtFrame, { timeout: 10_000 }).toBe(failAt);

    const streams = await hooks.evaluate((h) => h.streams());
    const opus = streams.find((s) => s.codec === 'opus')!;
    const wav = streams.find((s) => s.codec === 'pcm-s16')!;
    console.log('decode failure:', opus.error);
    expect(opus.error).toBe(
      'Decoding this opus stem stopped at 1.000 s (output frame 44100): Injected test failure at output frame 44100',
    );
    expect(wav).toMatchObject({ error: null, failedAtFrame: null });

    // The song plays on past the failure: the failed stem is silent, the other one is not.
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).positionSec, { timeout: 10_000 }).toBeGreaterThan(1.5);
    const status = await engineCall(sw, 'engine.status');
    expect(status.state).toBe('playing');
    await sleep(100);
    const meters = await engineCall(sw, 'engine.meters');
    expect(meters.tracks['df-opus']!.rmsDb).toBe(-200);
    expect(meters.tracks['df-wav']!.rmsDb).toBeGreaterThan(-30);

    // A seek starts a new generation: with the fault gone, the error is gone too.
    await hooks.evaluate((h) => h.setDecodeFailure(null));
    await engineCall(sw, 'engine.seek', { seconds: 0.5 });
    expect(await opusStream()).toMatchObject({ error: null, failedAtFrame: null });
    await sleep(1000);
    expect((await opusStream())?.error).toBeNull();
    expect((await engineCall(sw, 'engine.meters')).tracks['df-opus']!.rmsDb).toBeGreaterThan(-30);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  }, 60_000);
});
