import type { WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, masterLevel, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';

// The engine outlives the player page, a long pause, and Chrome closing its document.
const SONG = { id: 'life-1', title: 'Opener', tracks: [noiseTrack('gtr', { seed: 3, seconds: 90 }), noiseTrack('vox', { seed: 4, seconds: 90 })] };
const NEXT = { id: 'life-2', title: 'Second Song', tracks: [noiseTrack('pad', { seed: 8, seconds: 30 })] };
const QUEUE = [SONG.id, NEXT.id];

let ext: ExtensionHarness;
let sw: WebWorker;

beforeAll(async () => {
  ext = await launchExtension();
  const player = await ext.openPlayer();
  sw = await ext.serviceWorker();
  await seedSongs(player, [SONG, NEXT]);
});

afterAll(async () => {
  await ext?.close();
});

const offscreenCount = async () =>
  (await sw.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))).length;

const command = (name: string) =>
  sw.evaluate((n) => (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch(n), name);

describe('engine lifecycle', () => {
  it('keeps playing when the player is closed, and a reopened player shows the true state', async () => {
    const player = await ext.openPlayer();
    await engineCall(sw, 'engine.load', { songId: SONG.id, queue: QUEUE });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await player.close();

    await sleep(2_500);
    expect((await masterLevel(sw, 5)).rmsDb).toBeGreaterThan(-16);

    const reopened = await ext.openPlayer();
    await reopened.waitForFunction(() => /Opener · playing/.test(document.body.innerText), { polling: 100 });
    const elapsed = await reopened.$eval('[aria-label="Elapsed"]', (e) => e.textContent);
    expect(elapsed).toMatch(/^0:0[2-9]$/); // it did not start over: 2.5 s and more have passed
    const playPause = await reopened.$('::-p-aria([name="Play/Pause"][role="button"])');
    expect(await playPause?.evaluate((b) => b.getAttribute('aria-pressed'))).toBe('true');
  });

  it('survives a 40 s pause with the song and its neighbour prepared, and plays again at once', async () => {
    await engineCall(sw, 'engine.load', { songId: SONG.id, queue: QUEUE });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(500);
    await engineCall(sw, 'engine.transport', { action: 'pause' });
    const before = await engineCall(sw, 'engine.status');

    await sleep(40_000);

    // Still there (BLOBS keeps it past AUDIO_PLAYBACK's ~30 s of silence), or re-created as it was.
    expect(await offscreenCount()).toBe(1);
    const after = await engineCall(sw, 'engine.status');
    expect(after).toMatchObject({ state: 'paused', song: { id: SONG.id } });
    expect(after.positionSec).toBeCloseTo(before.positionSec, 1);
    expect(after.prepared).toContain(NEXT.id);

    const sent = performance.now();
    const ack = await engineCall(sw, 'engine.transport', { action: 'play-pause' });
    const roundTrip = performance.now() - sent;
    expect(ack.state).toBe('playing');
    expect(roundTrip).toBeLessThan(100);
    await sleep(60);
    expect((await masterLevel(sw, 3)).rmsDb).toBeGreaterThan(-16);
  }, 60_000);

  it('is re-created with its song, position and play state after Chrome closes it', async () => {
    await engineCall(sw, 'engine.load', { songId: SONG.id, queue: QUEUE });
    await engineCall(sw, 'engine.seek', { seconds: 30 });
    await engineCall(sw, 'engine.transport', { action: 'pause' });
    await sleep(200); // the snapshot reaches the background
    const closed = await ext.offscreenPage();
    await sw.evaluate(() => chrome.offscreen.closeDocument());
    // The document Chrome closed is gone; counting documents raced with an open player re-creating one.
    await expect.poll(() => closed.isClosed(), { timeout: 5_000 }).toBe(true);

    await command('play-pause');

    await expect
      .poll(async () => {
        const s = await engineCall(sw, 'engine.status').catch(() => null);
        return s && [s.state, s.song?.id];
      }, { timeout: 5_000 })
      .toEqual(['playing', SONG.id]);
    const status = await engineCall(sw, 'engine.status');
    expect(status.positionSec).toBeGreaterThan(29.9);
    expect(status.positionSec).toBeLessThan(32);
    expect((await masterLevel(sw, 3)).rmsDb).toBeGreaterThan(-16);
  });
});
