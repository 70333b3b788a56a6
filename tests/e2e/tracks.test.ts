import type { ElementHandle, Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { LIBRARY_DB_NAME } from '../../extension/db/db';
import { seedFileSongs } from './file-songs';
import { byRole, dropWavs, waitForText, wav } from './library-page';
import { becomePremium } from './premium';
import { openView } from './views-page';

let ext: ExtensionHarness;
let player: Page;
let sw: WebWorker;
const SONG_SEC = 20;

beforeAll(async () => {
  ext = await launchExtension();
  player = await ext.openPlayer();
  sw = await ext.serviceWorker();
  await waitForText(player, /Your library is empty/);
  await becomePremium(ext, player);
  await dropWavs(player, ['Lanes - Click.wav', 'Lanes - Drums.wav', 'Lanes - Bass.wav'], SONG_SEC);
  await waitForText(player, /Imported “Lanes” with 3 tracks\./, 30_000);
  // The lanes are in the library view; the mixer strips (read here, pressed below) in the performance view.
  await openView(player, 'library');
  await player.waitForFunction(() => document.querySelectorAll('.lane').length === 3, { polling: 50 });
});

afterAll(async () => {
  await ext?.close();
});

const laneNames = () => player.$$eval('.lane__handle', (handles) => handles.map((h) => h.textContent!.replace('⠿', '').trim()));
const stripNames = () => player.$$eval('.mixer .strip:not(.strip--master) .strip__name', (names) => names.map((n) => n.textContent));
/** Track names by the [songId+order] index, as the engine reads a song when it loads it. */
const storedOrder = () =>
  player.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tracks = await new Promise<{ name: string }[]>((resolve) => {
      const request = db.transaction('tracks').objectStore('tracks').index('[songId+order]').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return tracks.map((t) => t.name);
  }, LIBRARY_DB_NAME);

/** Each stored track's peaks as distinct [min, max] pairs (a steady tone gives one pair). */
const storedPeaks = () =>
  player.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tracks = await new Promise<{ name: string; peaks?: Int8Array }[]>((resolve) => {
      const request = db.transaction('tracks').objectStore('tracks').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return Object.fromEntries(
      tracks.map((t) => {
        const p = t.peaks;
        const pairs = p ? [...new Set(Array.from({ length: p.length / 2 }, (_, b) => `${p[2 * b]},${p[2 * b + 1]}`))] : null;
        return [t.name, p ? { bytes: p.byteLength, pairs } : null];
      }),
    );
  }, LIBRARY_DB_NAME);

const handle = (name: string) => player.$(`.lane__handle[aria-label^="${name}, track"]`);

/** The element's box once scrolled into view (the player is a long page; the mouse only reaches the viewport). */
async function boxOf(selectorOrHandle: string | ElementHandle) {
  const el = typeof selectorOrHandle === 'string' ? await player.$(selectorOrHandle) : selectorOrHandle;
  await el!.scrollIntoView();
  return (await el!.boundingBox())!;
}

/** The lanes and the mixer strips both show `names`, now and after a reload of the player. */
async function expectOrder(names: string[]) {
  await expect.poll(laneNames).toEqual(names);
  expect(await stripNames()).toEqual(names);
}

describe('track lanes', () => {
  it('draw each imported stem’s waveform, made after the import was saved', async () => {
    await player.waitForSelector('.waveform canvas');
    // Made in the background after "Imported": every lane's "Drawing waveform…" goes once its peaks are stored.
    await player.waitForFunction(() => document.querySelectorAll('.waveform').length > 0 && !document.querySelector('.waveform__status'), { polling: 50, timeout: 20_000 });
    const inked = await player.$$eval('.waveform canvas', (canvases) =>
      canvases.map((c) => {
        const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
        return n / (data.length / 4);
      }),
    );
    // A steady tone fills a band across the whole width; silence would leave a 1 px line.
    for (const share of inked) expect(share).toBeGreaterThan(0.3);
    // The stems are steady sines at 16,000 / 32,768 of full scale: every bucket reads ±62 of ±127.
    const tone = { bytes: 2048, pairs: ['-62,62'] };
    expect(await storedPeaks()).toEqual({ Bass: tone, Click: tone, Drums: tone });
  });

  it('seek where clicked: 50 % of the width is 50 % of the song, and the play head follows', async () => {
    const box = await boxOf('.waveform');
    await player.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).positionSec).toBeGreaterThan(SONG_SEC / 2 - 0.3);
    expect((await engineCall(sw, 'engine.status')).positionSec).toBeLessThan(SONG_SEC / 2 + 0.3);
    const headAt = await player.$eval('.waveform__playhead', (h) => parseFloat((h as HTMLElement).style.left));
    expect(headAt).toBeCloseTo(50, 0);
    // A section marker stamped here shows on every waveform, at the same place.
    await player.locator(byRole('button', 'Add marker here (M)')).click();
    await player.waitForFunction(() => document.querySelectorAll('.waveform__marker').length === 3, { polling: 50 });
    for (const left of await player.$$eval('.waveform__marker', (m) => m.map((e) => parseFloat((e as HTMLElement).style.left)))) expect(left).toBeCloseTo(50, 0);
    await player.focus('.waveform');
    // Focused, the arrows move it like the seek bar: a second each.
    const position = async () => (await engineCall(sw, 'engine.status')).positionSec;
    await player.keyboard.press('ArrowRight');
    await expect.poll(position).toBeGreaterThan(SONG_SEC / 2 + 0.7);
    await player.keyboard.press('PageDown');
    await expect.poll(position).toBeLessThan(SONG_SEC / 2 - 8);
  });

  it('reorder by keyboard, announced, and the mixer follows', async () => {
    // Imported in file-name order.
    await expectOrder(['Bass', 'Click', 'Drums']);
    await (await handle('Drums'))!.focus();
    await player.keyboard.down('Alt');
    await player.keyboard.press('ArrowUp');
    await player.keyboard.up('Alt');
    await expectOrder(['Bass', 'Drums', 'Click']);
    expect(await player.$eval('.lanes__live', (p) => p.textContent)).toBe('Drums moved to position 2 of 3.');
    // Focus stays on the moved track, so the next press moves it again.
    await player.keyboard.down('Alt');
    await player.keyboard.press('ArrowUp');
    await player.keyboard.up('Alt');
    await expectOrder(['Drums', 'Bass', 'Click']);
    expect(await player.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Drums, track 1 of 3/);
    // And the buttons.
    await player.locator(byRole('button', 'Move Bass down')).click();
    await expectOrder(['Drums', 'Click', 'Bass']);
  });

  it('reorder by drag, and the order stays after a reload, stored as the engine reads it', async () => {
    await (await player.$('.lanes'))!.scrollIntoView();
    const from = (await (await handle('Drums'))!.boundingBox())!;
    const last = (await (await player.$$('.lane')).at(-1)!.boundingBox())!;
    await player.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await player.mouse.down();
    await player.mouse.move(from.x + from.width / 2, last.y + last.height * 0.8, { steps: 8 });
    await player.mouse.up();
    await expectOrder(['Click', 'Bass', 'Drums']);

    await player.reload();
    await player.waitForFunction(() => document.querySelectorAll('.lane').length === 3, { polling: 50 });
    await expectOrder(['Click', 'Bass', 'Drums']);
    // The engine reads a song's tracks by this index whenever it (re)reads the song.
    expect(await storedOrder()).toEqual(['Click', 'Bass', 'Drums']);
  });

  it('a group and a colour per track, shown on the strip and kept', async () => {
    await player.type('input[aria-label="Group of Click"]', 'Click/Guide');
    await player.keyboard.press('Tab');
    // The colour picker is the browser's own dialog: set the value as it would and report the change.
    await player.$eval('input[aria-label="Colour of Click"]', (input) => {
      (input as HTMLInputElement).value = '#ff8800';
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await expect.poll(() => player.$eval('.mixer .strip[aria-label="Click"] .strip__group', (g) => g.textContent)).toBe('Click/Guide');
    await player.reload();
    await player.waitForFunction(() => document.querySelectorAll('.lane').length === 3, { polling: 50 });
    const click = (await player.$('.mixer .strip[aria-label="Click"]'))!;
    await expect.poll(() => click.$eval('.strip__group', (g) => g.textContent)).toBe('Click/Guide');
    expect(await click.evaluate((s) => getComputedStyle(s).borderTopColor)).toBe('rgb(255, 136, 0)');
  });
});

describe('mixer controls', () => {
  const fader = (name: string) => player.$(`::-p-aria([name="${name} volume"])`);
  const level = (name: string) => player.$eval(`::-p-aria([name="${name} volume"])`, (i) => Number((i as HTMLInputElement).value));
  beforeAll(() => openView(player, 'perform'));

  it('are labelled on screen and at least 32 px tall', async () => {
    const strip = (await player.$('.mixer .strip[aria-label="Drums"]'))!;
    expect(await strip.$$eval('.fader__label', (l) => l.map((e) => e.textContent))).toEqual(['Volume', 'Pan']);
    for (const control of [await fader('Drums'), await player.$('::-p-aria([name="Drums pan"])')]) {
      const box = (await control!.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(32);
      // The performance view's compact mixer narrows the strips; a fader still travels 64 px or more.
      expect(box.width).toBeGreaterThanOrEqual(64);
    }
  });

  it('a click on a fader does not move it; a drag moves it by the distance dragged', async () => {
    const box = await boxOf((await fader('Drums'))!);
    expect(await level('Drums')).toBe(0);
    // Well left of the cap (0 dB sits at 5/6 of the width): the browser's slider would jump to about -36 dB.
    await player.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    expect(await level('Drums')).toBe(0);
    // 72 dB over the width: a drag of a sixth of it to the left is -12 dB.
    await player.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await player.mouse.down();
    await player.mouse.move(box.x + box.width * 0.3 - box.width / 6, box.y + box.height / 2, { steps: 6 });
    await player.mouse.up();
    expect(await level('Drums')).toBeCloseTo(-12, 0);
    const saved = async () => (await engineCall(sw, 'engine.status')).mix!.tracks;
    await expect.poll(async () => Object.values(await saved()).some((t) => Math.abs(t.gainDb + 12) < 1)).toBe(true);
  });
});

describe('a track imported before waveforms', () => {
  it('gets its overview once, the first time its song is shown, and keeps it', async () => {
    const bytes = wav(4, 48_000, 1, 440);
    await seedFileSongs(player, [
      { id: 'older', title: 'Older Song', tracks: [{ id: 'older-tone', name: 'Tone', fileName: 'tone.wav', mimeType: 'audio/wav', bytes, durationSec: 4, sampleRate: 48_000, channels: 1 }] },
    ]);
    await player.reload();
    expect((await storedPeaks()).Tone).toBeNull();
    await openView(player, 'library');
    const song = await player.waitForSelector('.song-list__item ::-p-text(Older Song)');
    await song!.click();
    await player.waitForFunction(() => document.querySelector('.lane__handle')?.textContent?.includes('Tone'), { polling: 50 });
    await expect.poll(async () => (await storedPeaks()).Tone, { timeout: 10_000 }).toEqual({ bytes: 2048, pairs: ['-62,62'] });
    await player.waitForFunction(() => !document.querySelector('.waveform__status'), { polling: 50 });
  });
});
