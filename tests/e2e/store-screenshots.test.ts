/**
 * The store's screenshots, taken from the real player at 1280×800 (the Chrome Web Store's size):
 * the performance view during a show, the library, the setlists view and the stage settings.
 * Every run writes them to tests/e2e/screenshots/store-*.png (not committed) and checks each view
 * fills the window; with STORE_SCREENSHOTS=1 they also replace docs/store/screenshots/, which are
 * committed, so an ordinary run never rewrites them.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewId } from '../../extension/player/views.ts';
import { engineCall, sleep } from './engine-fixtures';
import type { ExtensionHarness } from './harness';
import { byRole } from './library-page';
import { openShowPlayer, showSongs } from './perform-page';
import { openView, waitForView } from './views-page';

const SIZE = { width: 1280, height: 800 };
const RUN_DIR = resolve(import.meta.dirname, 'screenshots');
const STORE_DIR = resolve(import.meta.dirname, '../../docs/store/screenshots');
const PUBLISH = process.env.STORE_SCREENSHOTS === '1';

const SHOW = showSongs(60);
/** A library a working band might have, around the show's three songs (records only: they are listed, not played). */
const MORE_SONGS = [
  ['Northern Line', 'The Night Shift', 'rock'],
  ['Paper Moons', 'Ellie Ward', 'ballad'],
  ['Saltwater', 'The Night Shift', 'acoustic'],
  ['Keep the Lamp Lit', 'Grace Street Worship', 'worship'],
  ['Firelight', 'Grace Street Worship', 'worship'],
  ['Slow Burn', 'Ellie Ward', 'soul'],
  ['Ten Mile Road', 'The Night Shift', 'country'],
  ['Mercy Now', 'Grace Street Worship', 'worship'],
].map(([title, artist, tag], i) => ({ id: `s-extra-${i}`, title: title!, artist: artist!, tags: [tag!] }));

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  ({ ext, sw, player } = await openShowPlayer(SHOW, SIZE, MORE_SONGS));
}, 60_000);

afterAll(async () => {
  await engineCall(sw, 'engine.transport', { action: 'stop' }).catch(() => {});
  await ext?.close();
});

/** Shoots the window as it is, checks the picture is 1280×800, and publishes it when asked. */
async function shoot(name: string): Promise<void> {
  await sleep(300); // the last layout and the lyrics' smooth scroll
  mkdirSync(RUN_DIR, { recursive: true });
  const path = join(RUN_DIR, `store-${name}.png`) as `${string}.png`;
  await player.screenshot({ path });
  const png = readFileSync(path);
  expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${name} is 1280×800`).toEqual([SIZE.width, SIZE.height]);
  expect(png[25], `${name}: 24-bit RGB without alpha, as the store asks`).toBe(2); // IHDR colour type
  if (PUBLISH) {
    mkdirSync(STORE_DIR, { recursive: true });
    copyFileSync(path, join(STORE_DIR, `${name}-1280x800.png`));
  }
}

/** The view is the one on screen and spans the window's width (a screenshot of half a page sells nothing). */
async function expectFills(view: ViewId): Promise<void> {
  await waitForView(player, view);
  const box = await player.$eval(`#view-${view}`, (e) => e.getBoundingClientRect().toJSON() as DOMRect);
  expect(box.width).toBeGreaterThan(SIZE.width * 0.9);
  expect(await player.evaluate(() => document.scrollingElement!.scrollWidth)).toBe(SIZE.width);
}

describe('store screenshots at 1280×800', () => {
  it('the library: the songs, and the selected song’s tracks', async () => {
    await openView(player, 'library');
    await player.waitForFunction((n) => document.querySelectorAll('.song-list__item').length === n, { polling: 50 }, MORE_SONGS.length + 3);
    await player.locator('::-p-text(Harbour Lights)').click();
    await player.waitForFunction(() => document.querySelectorAll('.tracks__item').length === 8, { polling: 50 });
    await expectFills('library');
    await shoot('library');
  });

  it('the setlists view: a set of three songs', async () => {
    await openView(player, 'setlists');
    await player.type('input[aria-label="New setlist name"]', 'Friday at the Harbour');
    await player.click('.setlist__create button[type="submit"]');
    await player.waitForSelector('select[aria-label="Add song"]');
    for (const [i, song] of [SHOW.main, SHOW.next, SHOW.last].entries()) {
      await player.select('select[aria-label="Add song"]', song.id);
      await player.waitForFunction((n) => document.querySelectorAll('.setlist__entry').length === n, { polling: 50 }, i + 1);
    }
    await expectFills('setlists');
    await shoot('setlists');
  });

  it('the performance view: the show playing, in the chorus, lyrics and mixer on screen', async () => {
    await player.locator(byRole('button', 'Start show')).click();
    await waitForView(player, 'perform');
    await player.waitForFunction(() => document.querySelector('.now__title')?.textContent === 'Harbour Lights', { polling: 50 });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await engineCall(sw, 'engine.seek', { seconds: 31 });
    await player.waitForFunction(() => document.querySelector('.now__section')?.textContent === 'Chorus', { polling: 50 });
    await player.waitForSelector('.stage-lyrics__line--current');
    await player.waitForFunction(() => document.querySelectorAll('#view-perform .strip').length === 9, { polling: 50 });
    await expectFills('perform');
    // The performance view is made to fit the window: nothing below the fold.
    expect(await player.evaluate(() => document.scrollingElement!.scrollHeight)).toBe(SIZE.height);
    await shoot('perform');
  });

  it('the stage settings', async () => {
    await openView(player, 'settings');
    await expectFills('settings');
    await player.evaluate(() => window.scrollTo(0, 0));
    await shoot('settings');
  });
});
