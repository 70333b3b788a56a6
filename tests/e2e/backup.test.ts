import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIBRARY_DB_NAME } from '../../extension/db/db.ts';
import { becomePremium } from './premium';
import { noiseTrack, seedSongs, sleep, type SongSpec } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, waitForText } from './library-page';
import { openView } from './views-page';

const STORES = ['songs', 'tracks', 'audio', 'mixes', 'settings', 'plays', 'setlists', 'lyrics', 'markers', 'songShow'];
const SONGS = 20;
/** BACKUP_TRACK_SECONDS=30 measures a bigger library (about 110 MB of audio). */
const TRACK_SECONDS = Number(process.env.BACKUP_TRACK_SECONDS ?? 5);

let ext: ExtensionHarness;
let player: Page;
let downloads: string;
let exported: string;

/** Every store read with plain IndexedDB: audio as SHA-256 per track, the rest as JSON. */
function libraryState(page: Page): Promise<{ counts: Record<string, number>; audio: Record<string, string>; data: string }> {
  return page.evaluate(
    async (name, stores) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = (store: string) =>
        new Promise<unknown[]>((resolve) => (db.transaction(store).objectStore(store).getAll().onsuccess = (e) => resolve((e.target as IDBRequest<unknown[]>).result)));
      const counts: Record<string, number> = {};
      const data: Record<string, unknown[]> = {};
      for (const s of stores) {
        const records = await all(s);
        counts[s] = records.length;
        if (s !== 'audio') data[s] = records.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      }
      const audio: Record<string, string> = {};
      for (const record of (await all('audio')) as { id: string; blob: Blob }[]) {
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await record.blob.arrayBuffer()));
        audio[record.id] = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') + `:${record.blob.type}`;
      }
      db.close();
      return { counts, audio, data: JSON.stringify(data) };
    },
    LIBRARY_DB_NAME,
    STORES,
  );
}

/** Puts records straight into IndexedDB (what other features of the player would have saved). */
function putRecords(page: Page, records: Record<string, unknown[]>): Promise<void> {
  return page.evaluate(
    async (name, records) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(Object.keys(records), 'readwrite');
      for (const [store, list] of Object.entries(records)) for (const r of list) tx.objectStore(store).put(r);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    LIBRARY_DB_NAME,
    records,
  );
}

function clearLibrary(page: Page): Promise<void> {
  return page.evaluate(
    async (name, stores) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(stores, 'readwrite');
      for (const s of stores) tx.objectStore(s).clear();
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    LIBRARY_DB_NAME,
    STORES,
  );
}

async function waitForDownload(timeout = 30_000): Promise<string> {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    const done = readdirSync(downloads).find((f) => f.endsWith('.zip'));
    if (done) return join(downloads, done);
    await sleep(50);
  }
  throw new Error('The backup was not downloaded');
}

/** Chooses a backup file in the backup view, as its file picker would. */
async function chooseBackup(path: string): Promise<void> {
  await openView(player, 'backup');
  const input = (await player.$('input[type=file][data-import="backup"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(path);
}

const errorNotice = () => player.$eval('section.backup .notice--error', (el) => el.textContent ?? '');

beforeAll(async () => {
  ext = await launchExtension();
  // Seen here: a toolbar click that comes before the worker has run its listeners opens nothing.
  await (await ext.serviceWorker()).evaluate(() => chrome.action.onClicked.hasListeners());
  player = await ext.openPlayer();
  downloads = mkdtempSync(join(tmpdir(), 'stagetracker-downloads-'));
  const cdp = await ext.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const songs: SongSpec[] = Array.from({ length: SONGS }, (_, i) => ({
    id: `song-${i}`,
    title: `Song ${i}`,
    artist: 'Backup Band',
    tracks: [noiseTrack(`song-${i}-a`, { seconds: TRACK_SECONDS, seed: i + 1 }), noiseTrack(`song-${i}-b`, { seconds: TRACK_SECONDS, seed: 100 + i })],
  }));
  await seedSongs(player, songs);
  await putRecords(player, {
    lyrics: [{ songId: 'song-0', lines: [{ time: 1, text: 'Hello' }, { time: null, text: 'unstamped' }], updatedAt: 1 }],
    markers: [{ id: 'm1', songId: 'song-1', name: 'Chorus', time: 2.5 }],
    songShow: [{ songId: 'song-1', countInBars: 2, countInGainDb: -6 }],
    setlists: [{ id: 'set-1', name: 'Sunday', entries: [{ songId: 'song-2', end: 'segue', skip: false }], createdAt: 1, updatedAt: 1 }],
    plays: [{ songId: 'song-3', title: 'Song 3', artist: 'Backup Band', plays: 4, minutes: 12.5, lastPlayedAt: Date.UTC(2026, 10, 1) }],
    settings: [{ key: 'stage', value: { theme: 'dark', lyricsFontPx: 64 } }],
  });
  await player.reload();
  await openView(player, 'library');
  await waitForText(player, /Song 19/);
});

afterAll(async () => {
  await ext?.close();
});

describe('library backup', () => {
  it('shows the practice log per song', async () => {
    await waitForText(player, /4 plays · 13 min · last played/);
  });

  it('export is Premium: Free gets the upgrade path and no file', async () => {
    await openView(player, 'backup');
    await player.locator(byRole('button', 'Export library backup')).click();
    await waitForText(player, /Library backup export is a Premium feature/);
    await sleep(300);
    expect(readdirSync(downloads)).toEqual([]);
  });

  it('exports 20 songs to one zip and imports it into a cleared library, reproducing every store and every audio byte', async () => {
    await becomePremium(ext, player);
    const before = await libraryState(player);
    expect(before.counts).toMatchObject({ songs: SONGS, tracks: 2 * SONGS, audio: 2 * SONGS, lyrics: 1, markers: 1, setlists: 1, plays: 1 });

    const exportStarted = performance.now();
    await player.locator(byRole('button', 'Export library backup')).click();
    exported = await waitForDownload();
    const exportMs = performance.now() - exportStarted;
    const size = statSync(exported).size;
    expect(await waitForText(player, /Backup saved: 20 songs/)).toMatch(/Backup saved: 20 songs, [\d.]+ MB in [\d.]+ s\./);

    await clearLibrary(player);
    await player.reload();
    await openView(player, 'library');
    await waitForText(player, /Your library is empty/);
    const importStarted = performance.now();
    await chooseBackup(exported);
    await waitForText(player, /: 20 songs, 40 tracks/);
    const checkedMs = performance.now() - importStarted;
    await player.locator(byRole('button', 'Import backup')).click();
    await waitForText(player, /Merged: 20 songs added/, 30_000);
    const importMs = performance.now() - importStarted;

    const after = await libraryState(player);
    expect(after.audio).toEqual(before.audio);
    expect(after.counts).toEqual(before.counts);
    expect(after.data).toEqual(before.data);
    const audioMb = (SONGS * 2 * (TRACK_SECONDS * 48_000 * 2 + 44)) / 1_048_576;
    console.log(
      `backup of ${SONGS} songs (2 mono 48 kHz WAV stems of ${TRACK_SECONDS} s each, ${audioMb.toFixed(1)} MB audio; zip ${(size / 1_048_576).toFixed(1)} MB): ` +
        `export click→file ${Math.round(exportMs)} ms; import file→review (read + CRC of all entries) ${Math.round(checkedMs)} ms, file→done ${Math.round(importMs)} ms`,
    );
  });

  it.each([
    {
      name: 'a flipped byte in the audio',
      damage: (bytes: Buffer) => {
        const at = bytes.indexOf('audio/') + 5000;
        bytes[at] = bytes[at]! ^ 0xff;
        return bytes;
      },
      message: /damaged \(the audio “audio\/.+” fails its checksum\)/,
    },
    { name: 'a truncated file', damage: (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length * 0.7)), message: /damaged .*truncated/ },
  ])('refuses $name with a clear message and leaves the library unchanged', async ({ damage, message }) => {
    const before = await libraryState(player);
    const dir = mkdtempSync(join(tmpdir(), 'stagetracker-damaged-'));
    const path = join(dir, 'damaged.zip');
    writeFileSync(path, damage(readFileSync(exported)));
    await chooseBackup(path);
    await player.waitForFunction(() => /damaged/.test(document.querySelector('section.backup .notice--error')?.textContent ?? ''), { polling: 50, timeout: 10_000 });
    expect(await errorNotice()).toMatch(message);
    expect(await errorNotice()).toContain('Nothing was imported; the library is unchanged.');
    expect(await player.$('.backup-review')).toBeNull();
    expect(await libraryState(player)).toEqual(before);
    expect(existsSync(path)).toBe(true);
  });
});
