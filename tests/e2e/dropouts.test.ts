/**
 * Dropouts are impossible to miss: a decoder made too slow for real time (the engine's test-only
 * decoder hooks) makes stems come late; the engine counts the underruns, the player names the
 * stem and where, and once the decoder keeps up the stems are still on one frame (the pair nulls).
 * A stem whose file stops decoding is named the same way while the others play on.
 */
import type { JSHandle, Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { engineTestHooks } from '../../extension/engine/decode/test-hooks.ts';
import { engineCall, masterLevel, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { openPlayerPage } from './show-fixtures';

type Hooks = typeof engineTestHooks;
const RATE = 44_100;
const PAIR = {
  id: 'dropout-pair',
  title: 'Dropout Pair',
  tracks: [
    { ...noiseTrack('dp-bass', { seed: 31, seconds: 60, sampleRate: RATE }), name: 'Bass' },
    { ...noiseTrack('dp-bass-inv', { kind: 'noise-inverted', seed: 31, seconds: 60, sampleRate: RATE }), name: 'Bass inverted' },
  ],
};
const BROKEN = {
  id: 'dropout-broken',
  title: 'Broken Opus',
  tracks: [
    { ...noiseTrack('db-opus', { kind: 'opus-noise', seed: 5, seconds: 20, channels: 2 }), name: 'Keys' },
    { ...noiseTrack('db-wav', { seed: 6, seconds: 20, sampleRate: RATE }), name: 'Drums' },
  ],
};

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;
let hooks: JSHandle<Hooks>;

beforeAll(async () => {
  ext = await launchExtension();
  player = await openPlayerPage(ext);
  sw = await ext.serviceWorker();
  await seedSongs(player, [PAIR, BROKEN]);
  await engineCall(sw, 'engine.status');
  const offscreen = await ext.offscreenPage();
  hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __engineTestHooks: Hooks }).__engineTestHooks);
});

afterAll(async () => {
  await hooks?.evaluate((h) => {
    h.setDecodeDelay(0);
    h.setDecodeFailure(null);
  });
  await ext?.close();
});

const status = () => engineCall(sw, 'engine.status');
const alertText = () => player.$eval('.dropout-alert', (e) => e.textContent ?? '');

describe('dropouts', () => {
  it('a decoder too slow for real time: underruns counted and shown, stems back on one frame after', async () => {
    await engineCall(sw, 'engine.load', { songId: PAIR.id, queue: [PAIR.id], play: true });
    await sleep(500);
    const before = (await status()).counters.underruns;
    // Each 0.74 s chunk now takes 1.5 s to decode: the 4 s decoded ahead runs out.
    await hooks.evaluate((h) => h.setDecodeDelay(1500));
    await expect.poll(async () => (await status()).counters.underruns, { timeout: 20_000, interval: 200 }).toBeGreaterThan(before);
    await hooks.evaluate((h) => h.setDecodeDelay(0));
    const { dropouts } = await status();
    expect(dropouts[0]).toMatchObject({ kind: 'underrun', songId: PAIR.id });
    expect(dropouts[0]!.silentSec).toBeGreaterThan(0);
    await expect.poll(alertText, { timeout: 5_000 }).toMatch(/^Bass( inverted)? dropped out at 0:\d\d for \d+ ms/);
    expect(await player.$eval('.engine', (e) => e.textContent)).toMatch(/\d+ dropouts, 0 decode errors since start/);
    // Counted per track, and each strip of the mixer says how often its track dropped out.
    const perTrack = (await status()).trackDropouts ?? {};
    const late = Object.entries(perTrack).filter(([, t]) => t.underruns > 0);
    expect(late.length).toBeGreaterThan(0);
    for (const [id, counts] of late) {
      const name = PAIR.tracks.find((t) => t.id === id)!.name;
      expect(counts).toMatchObject({ trackName: name, decodeErrors: 0 });
      const badge = await player.$eval(`.strip[aria-label="${name}"] .strip__dropouts`, (e) => e.getAttribute('aria-label'));
      expect(badge).toBe(`${name}: ${counts.underruns === 1 ? '1 dropout' : `${counts.underruns} dropouts`} in this song`);
    }

    // The decoder keeps up again: both stems play (one alone is loud) and cancel (on one frame).
    await sleep(3_000);
    await engineCall(sw, 'engine.mix', { track: 'dp-bass', patch: { solo: true } });
    await sleep(150);
    const alone = await masterLevel(sw, 4);
    await engineCall(sw, 'engine.mix', { track: 'dp-bass', patch: { solo: false } });
    await sleep(150);
    const pair = await masterLevel(sw, 8);
    console.log(`[dropouts] ${(await status()).counters.underruns - before} underruns; after: one stem ${alone.rmsDb.toFixed(1)} dBFS, the pair ${pair.rmsDb.toFixed(1)} dBFS`);
    expect((await status()).state).toBe('playing');
    expect(alone.rmsDb).toBeGreaterThan(-20);
    expect(pair.rmsDb).toBeLessThanOrEqual(-80);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  }, 60_000);

  it('a stem whose file stops decoding is named with where it stopped; the others play on', async () => {
    await hooks.evaluate((h) => h.setDecodeFailure('opus', 44_100));
    await engineCall(sw, 'engine.load', { songId: BROKEN.id, queue: [BROKEN.id], play: true });
    await expect.poll(alertText, { timeout: 10_000 }).toMatch(/^Keys stopped at 0:01: its file could not be decoded/);
    const s = await status();
    expect(s.counters.decodeErrors).toBeGreaterThanOrEqual(1);
    // A new song's counts start clean: only Keys has one, its decode error.
    expect(s.trackDropouts).toEqual({ 'db-opus': { trackName: 'Keys', underruns: 0, decodeErrors: 1 } });
    expect(await player.$eval('.strip[aria-label="Keys"] .strip__dropouts', (e) => e.getAttribute('aria-label'))).toBe('Keys: 1 decode error in this song');
    expect(s.state).toBe('playing');
    await sleep(1_500);
    expect((await engineCall(sw, 'engine.meters')).tracks['db-wav']!.rmsDb).toBeGreaterThan(-20);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  }, 30_000);
});
