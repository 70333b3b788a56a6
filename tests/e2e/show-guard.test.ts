import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/messages';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, waitForText } from './library-page';
import { openPlayerPage } from './show-fixtures';
import { openView } from './views-page';

// What a stray click in the library or on a button does to a running show.
const song = (id: string, title: string, seed: number, seconds = 60) => ({ id, title, tracks: [noiseTrack(`${id}-t`, { seed, seconds, sampleRate: 44_100 })] });
const A = song('g-alpha', 'Alpha', 1);
const B = song('g-bravo', 'Bravo', 2);
const C = song('g-charlie', 'Charlie', 3);
const X = song('g-xray', 'Xray', 4);
const ENDS = { [A.id]: 'segue', [B.id]: 'continue', [C.id]: 'stop' } as const;

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

const status = () => engineCall(sw, 'engine.status');
const command = (name: string) => sw.evaluate((n) => (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch(n), name);
async function pickInLibrary(title: string): Promise<void> {
  await openView(player, 'library');
  const item = await player.waitForSelector(`::-p-xpath(//button[contains(@class, "song-list__item")][.//span[@class="song-list__title" and text()="${title}"]])`);
  await item!.click();
}
const nextShown = () => player.$eval('.show__next .show__title', (e) => e.textContent);

beforeAll(async () => {
  ext = await launchExtension();
  player = await openPlayerPage(ext);
  sw = await ext.serviceWorker();
  await seedSongs(player, [A, B, C, X]);
  // A setlist with an end setting per song, straight into the library database.
  await player.evaluate(async (entries) => {
    const Dexie = (globalThis as unknown as { Dexie: new (name: string) => { open(): Promise<unknown>; table(name: string): { put(v: object): Promise<unknown> }; close(): void } }).Dexie;
    const db = new Dexie('stagetracker');
    await db.open();
    await db.table('setlists').put({ id: 'gig', name: 'Gig', entries, createdAt: 0, updatedAt: 0 });
    db.close();
  }, Object.entries(ENDS).map(([songId, end]) => ({ songId, end, skip: false })));
  await player.reload();
  await waitForText(player, /Engine ready/);
});

afterAll(async () => {
  await ext?.close();
});

/** From the setlists view; starting the show brings up the performance view. */
async function startShow(): Promise<EngineStatus> {
  await openView(player, 'setlists');
  await player.locator(byRole('button', 'Start show')).click();
  await expect.poll(async () => (await status()).song?.id).toBe(A.id);
  await engineCall(sw, 'engine.transport', { action: 'play' });
  await sleep(1_500);
  return status();
}

describe('show guard (on by default)', () => {
  it('a library pick during the show is cued next: the song plays on and every end setting stays', async () => {
    const before = await startShow();
    expect(before.ends).toEqual(ENDS);

    await pickInLibrary('Xray');
    await waitForText(player, /“Xray” will play next/);
    await expect.poll(nextShown).toBe('Xray');
    const after = await status();
    expect(after).toMatchObject({ state: 'playing', song: { id: A.id }, queue: { index: 0, length: 4 } });
    expect(after.positionSec).toBeGreaterThan(before.positionSec); // not restarted, not replaced
    expect(after.ends).toEqual({ ...ENDS, [X.id]: 'stop' });
    await expect.poll(async () => (await status()).prepared).toContain(X.id);

    // The explicit choice: Xray now, in the show (its order and ends kept).
    await player.locator(byRole('button', 'Play now')).click();
    await expect.poll(async () => (await status()).song?.id).toBe(X.id);
    const now = await status();
    expect(now.state).toBe('playing');
    expect(now.ends).toEqual({ ...ENDS, [X.id]: 'stop' });
    expect(await nextShown()).toBe('Bravo');
  });

  it('Take back restores the order; with the guard off a pick loads the song as before', async () => {
    await startShow();
    await pickInLibrary('Charlie');
    await expect.poll(nextShown).toBe('Charlie');
    await player.locator(byRole('button', 'Take back')).click();
    await expect.poll(nextShown).toBe('Bravo');
    expect(await status()).toMatchObject({ state: 'playing', song: { id: A.id }, queue: { length: 3 } });

    await openView(player, 'settings');
    await player.locator(byRole('checkbox', 'Show guard: during a setlist, a song picked in the library plays next instead of stopping the show')).click();
    await pickInLibrary('Xray');
    await expect.poll(async () => (await status()).song?.id).toBe(X.id);
    expect((await status()).ends).toEqual({});
    await openView(player, 'settings');
    await player.locator(byRole('checkbox', 'Show guard: during a setlist, a song picked in the library plays next instead of stopping the show')).click();
  });
});

describe('stage lock on every path', () => {
  it('a single Next button click or global Next is held back while playing; a double press goes', async () => {
    await openView(player, 'settings');
    await player.locator(byRole('checkbox', 'Stage lock')).click();
    await startShow();

    await player.click('.transport__button--next');
    expect(await player.$eval('.shortcut-status', (e) => e.textContent)).toBe('Stage lock: press twice for Next song');
    await command('next');
    await command('stop');
    await sleep(800);
    expect(await status()).toMatchObject({ state: 'playing', song: { id: A.id } });

    await command('play-pause'); // the performer's own control acts at once
    await expect.poll(async () => (await status()).state).toBe('paused');
    await command('play-pause');
    await expect.poll(async () => (await status()).state).toBe('playing');

    await command('next');
    await command('next');
    await expect.poll(async () => (await status()).song?.id).toBe(B.id);
    await player.click('.transport__button--previous');
    await player.click('.transport__button--previous');
    await expect.poll(async () => (await status()).song?.id).toBe(A.id);
  });
});
