import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_DB_NAME } from '../../extension/db/db.ts';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, waitForText, writeTempFiles } from './library-page';
import { openView } from './views-page';

let ext: ExtensionHarness;
let player: Page;

/** Real-world LRC files kept byte for byte (BOM, CRLF), as musicians get them. */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures/lyrics', name));

const LRC = ['[ti:Lyric Song]', '[00:00.50]Line one', '[00:03.00]Line two', '[00:06.00]Line three', '[00:09.00]Line four'].join('\n');

/** The song's stored lyrics, read with plain IndexedDB so the check does not trust the code under test. */
const storedLyrics = (songId: string) =>
  player.evaluate(
    async (name, id) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const record = await new Promise<{ lines: { time: number | null; text: string }[] } | undefined>((resolve) => {
        db.transaction('lyrics').objectStore('lyrics').get(id).onsuccess = (e) => resolve((e.target as IDBRequest).result);
      });
      db.close();
      return record?.lines ?? null;
    },
    LIBRARY_DB_NAME,
    songId,
  );

const highlighted = () => player.$eval('.stage-lyrics__line--current', (el) => el.textContent).catch(() => null);

async function waitForHighlight(text: string): Promise<number> {
  const started = performance.now();
  await player.waitForFunction((t) => document.querySelector('.stage-lyrics__line--current')?.textContent === t, { polling: 50, timeout: 3000 }, text);
  return performance.now() - started;
}

async function importLrc(text: string | Uint8Array, name: string) {
  const [path] = writeTempFiles({ [name]: typeof text === 'string' ? new TextEncoder().encode(text) : text });
  const input = await player.$('input[type=file][data-import="lrc"]');
  await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path!);
}

beforeAll(async () => {
  ext = await launchExtension();
  // Seen here: a toolbar click that comes before the worker has run its listeners opens nothing.
  await (await ext.serviceWorker()).evaluate(() => chrome.action.onClicked.hasListeners());
  player = await ext.openPlayer();
  await seedSongs(player, [{ id: 'lyr', title: 'Lyric Song', tracks: [noiseTrack('lyr-1', { seconds: 14, amplitude: 0.05 })] }]);
  await player.reload();
  await openView(player, 'library');
  await player.locator('.song-list__item').click();
  await player.waitForSelector('::-p-aria([name="Import LRC…"][role="button"]):not([disabled])');
});

afterAll(async () => {
  await ext?.close();
});

describe('synced lyrics', () => {
  it('imports an LRC file; a damaged real-world one brings in its timed lines and names the skipped ones', async () => {
    // The editor says whose lyrics these are before anything is imported.
    expect(await player.$eval('#lyrics-editor-heading', (el) => el.textContent)).toBe('Lyrics of “Lyric Song”');
    await importLrc(LRC, 'good.lrc');
    await waitForText(player, /Imported 4 lines from “good\.lrc”/);
    expect((await storedLyrics('lyr'))?.map((l) => l.time)).toEqual([0.5, 3, 6, 9]);

    // Nothing readable: a clear error, and the lyrics stay as they were.
    const before = await storedLyrics('lyr');
    await importLrc('[ti:Nothing]\r\njust a credit\r\n[0x:12.00]damaged', 'nothing.lrc');
    await waitForText(player, /“nothing\.lrc” has no readable timed lines/);
    expect(await storedLyrics('lyr')).toEqual(before);

    await importLrc(fixture('damaged-real-world.lrc'), 'damaged-real-world.lrc');
    await waitForText(player, /Imported 4 lines from “damaged-real-world\.lrc”/);
    const shown = await player.$eval('.lyrics-editor .notice--success', (el) => el.textContent ?? '');
    expect(shown).toBe('Imported 4 lines from “damaged-real-world.lrc”; skipped 2: line 6 “Written by A. Writer” (no time stamp), line 10 “[01:6x.00]Line damaged” (damaged time stamp).');
    // Out of order in the file, sorted on import.
    expect(await storedLyrics('lyr')).toEqual([
      { time: 0.5, text: 'Line one' },
      { time: 3, text: 'Line two' },
      { time: 6, text: 'Line three' },
      { time: 9, text: 'Line four' },
    ]);

    // The imported lines play: the highlight follows the song.
    const worker = await ext.serviceWorker();
    await engineCall(worker, 'engine.seek', { seconds: 3.2 });
    await engineCall(worker, 'engine.transport', { action: 'play' });
    await waitForHighlight('Line two');
    await waitForHighlight('Line three');
    await engineCall(worker, 'engine.transport', { action: 'stop' });

    // The import replaced lyrics: it can be taken back, from the keyboard.
    const undo = await player.waitForSelector(byRole('button', 'Undo import of “damaged-real-world.lrc”'));
    await undo!.focus();
    await player.keyboard.press('Enter');
    await waitForText(player, /The lyrics from before “damaged-real-world\.lrc” are back\./);
    expect(await storedLyrics('lyr')).toEqual(before);
  });

  it('highlights the line at the play position and follows a seek', async () => {
    await openView(player, 'perform');
    const worker = await ext.serviceWorker();
    await engineCall(worker, 'engine.seek', { seconds: 6.5 });
    await waitForHighlight('Line three');
    await engineCall(worker, 'engine.transport', { action: 'play' });
    // Backwards and forwards while playing: the highlight is the line at the new position.
    await engineCall(worker, 'engine.seek', { seconds: 1 });
    const back = await waitForHighlight('Line one');
    await engineCall(worker, 'engine.seek', { seconds: 9.2 });
    const forward = await waitForHighlight('Line four');
    console.log(`lyrics follow a seek in ${Math.round(back)} ms (back) / ${Math.round(forward)} ms (forward), including the status round trip`);
    // The default look-ahead (300 ms) highlights the next line just before it is due.
    await engineCall(worker, 'engine.seek', { seconds: 2.8 });
    await waitForHighlight('Line two');
    await engineCall(worker, 'engine.transport', { action: 'stop' });
  });

  it('shows enhanced (word-timed) lyrics without raw tags and marks the sung word while playing', async () => {
    await openView(player, 'library');
    await importLrc(fixture('enhanced-a2.lrc'), 'enhanced-a2.lrc');
    await waitForText(player, /Imported 2 lines from “enhanced-a2\.lrc”/);
    await openView(player, 'perform');
    const stageText = () => player.$eval('.stage-lyrics', (el) => el.textContent ?? '');
    expect(await stageText()).not.toMatch(/<\d/);
    expect(await stageText()).toContain('Second line');

    const sungWord = () => player.$eval('.stage-lyrics__word--current', (el) => el.textContent).catch(() => null);
    const waitForWord = (word: string) =>
      player.waitForFunction((w) => document.querySelector('.stage-lyrics__line--current .stage-lyrics__word--current')?.textContent === w, { polling: 50, timeout: 4000 }, word);
    const worker = await ext.serviceWorker();
    await engineCall(worker, 'engine.seek', { seconds: 0.8 });
    await engineCall(worker, 'engine.transport', { action: 'play' });
    // One second per word in the file: each is marked in turn, in the line that holds it.
    await waitForWord('Word');
    // Cheap on stage: a new word changes the current line only, never the other lines.
    await player.evaluate(() => {
      const outside: string[] = [];
      let inside = 0;
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const el = r.target instanceof Element ? r.target : r.target.parentElement;
          if (el?.closest('.stage-lyrics__line--current')) inside++;
          else outside.push(el?.className ?? '?');
        }
      });
      observer.observe(document.querySelector('.stage-lyrics')!, { subtree: true, childList: true, characterData: true, attributes: true });
      (globalThis as unknown as { stopWordWatch: () => unknown }).stopWordWatch = () => (observer.disconnect(), { outside, marked: inside > 0 });
    });
    await waitForWord('by');
    await waitForWord('word');
    expect(await player.evaluate(() => (globalThis as unknown as { stopWordWatch: () => unknown }).stopWordWatch())).toEqual({ outside: [], marked: true });
    expect(await highlighted()).toBe('Word by word');
    await waitForWord('Second');
    await engineCall(worker, 'engine.transport', { action: 'pause' });

    // Word display off (stage settings): the plain line, no mark, still no tags.
    const wordsSetting = byRole('checkbox', 'Sung word in word-timed lyrics');
    await openView(player, 'settings');
    await player.locator(wordsSetting).click();
    await player.waitForFunction(() => !document.querySelector('.stage-lyrics__word--current'), { polling: 50, timeout: 3000 });
    expect(await sungWord()).toBeNull();
    expect(await highlighted()).toBe('Second line');
    expect(await stageText()).not.toMatch(/<\d/);
    await player.locator(wordsSetting).click();
    await waitForWord('Second');
    await engineCall(worker, 'engine.transport', { action: 'stop' });
  });

  it('stamps pasted lines with the play position as Enter is pressed (tap-to-sync), then nudges one', async () => {
    await openView(player, 'library');
    await player.locator('.lyrics-editor textarea').fill('Tap one\nTap two\nTap three');
    await player.locator(byRole('button', 'Use these lines')).click();
    await waitForText(player, /3 lines ready/);
    const worker = await ext.serviceWorker();
    await engineCall(worker, 'engine.seek', { seconds: 2 });
    await engineCall(worker, 'engine.transport', { action: 'play' });
    const positions: number[] = [];
    for (const n of [1, 2, 3]) {
      const stampButton = await player.waitForSelector(`.lyrics-editor__tap button::-p-text(Stamp line ${n})`);
      await stampButton!.focus();
      await sleep(400);
      const status = await engineCall(worker, 'engine.status');
      positions.push(status.positionSec + (Date.now() - status.sampledAt) / 1000);
      await player.keyboard.press('Enter');
    }
    await waitForText(player, /Every line is stamped/);
    await engineCall(worker, 'engine.transport', { action: 'stop' });
    const stamped = (await storedLyrics('lyr'))!.map((l) => l.time!);
    expect(stamped).toHaveLength(3);
    // Each stamp is the engine's position when the key went down (within the UI's 200 ms clock tick plus slack).
    stamped.forEach((t, i) => expect(Math.abs(t - positions[i]!)).toBeLessThan(0.35));
    expect(stamped[1]! - stamped[0]!).toBeGreaterThan(0.2);

    const line2 = await player.waitForSelector('.lyrics-editor__line:nth-child(2)');
    await line2!.focus();
    await player.keyboard.press(']'); // +0.1 s from the keyboard
    await player.locator(byRole('button', 'Line 2 earlier by 0.1 seconds')).click();
    await sleep(100);
    await player.locator(byRole('button', 'Line 2 earlier by 0.1 seconds')).click();
    await sleep(200);
    const nudged = (await storedLyrics('lyr'))!.map((l) => l.time!);
    expect(nudged[1]).toBeCloseTo(stamped[1]! - 0.1, 3);
    expect(nudged[0]).toBe(stamped[0]);
  });

  it('keeps the stage theme after a reload', async () => {
    await openView(player, 'settings');
    await player.locator(byRole('radio', 'High-contrast light')).click();
    await sleep(200);
    await player.reload();
    await player.waitForFunction(() => document.documentElement.dataset.theme === 'light-contrast', { polling: 50, timeout: 5000 });
    expect(await player.$eval('::-p-aria([name="High-contrast light"][role="radio"])', (el) => (el as HTMLInputElement).checked)).toBe(true);
  });
});
