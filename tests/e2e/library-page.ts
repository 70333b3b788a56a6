/** Helpers for driving the player's library in the e2e tests: what a user does and sees. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { LIBRARY_DB_NAME } from '../../extension/db/db.ts';
import { wavBytes } from './fixtures/wav.ts';
import { openView } from './views-page.ts';

export const textOf = (page: Page) => page.evaluate(() => document.body.innerText);

/** Interval polling: 'raf' stalls in a background tab and 'mutation' misses Preact's text edits. */
export async function waitForText(page: Page, pattern: RegExp, timeout = 10_000): Promise<string> {
  await page.waitForFunction((source) => new RegExp(source).test(document.body.innerText), { polling: 50, timeout }, pattern.source);
  return textOf(page);
}

/** Writes files for upload into a fresh temp folder and returns their paths. */
export function writeTempFiles(files: Record<string, Uint8Array>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'stagetracker-files-'));
  return Object.entries(files).map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

export const wav = (seconds = 1, sampleRate = 48_000, channels = 2, hz = 440) => wavBytes(seconds, sampleRate, channels, hz);

/** Chooses files in the (hidden) input behind "Import song files" in the library view, as the file picker would. */
export async function uploadFiles(page: Page, paths: string[]): Promise<void> {
  await openView(page, 'library');
  const input = (await page.$('input[type=file][data-import="files"]')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(...paths);
}

/** Drops WAV files made in the page onto the library view, like a drag from the desktop. */
export async function dropWavs(page: Page, names: string[], seconds: number): Promise<void> {
  await openView(page, 'library');
  await page.evaluate(`globalThis.wavBytes = ${wavBytes.toString()}`);
  await page.evaluate(
    (names, seconds) => {
      const make = (globalThis as unknown as { wavBytes: (s: number, r: number, c: number, hz: number) => Uint8Array }).wavBytes;
      const data = new DataTransfer();
      names.forEach((name, i) => data.items.add(new File([make(seconds, 48_000, 2, 220 + 55 * i) as BlobPart], name, { type: 'audio/wav' })));
      const zone = document.querySelector('section.library')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    names,
    seconds,
  );
}

/** Record counts, read with plain IndexedDB so the check does not trust the code under test. */
export function libraryCounts(page: Page): Promise<Record<'songs' | 'tracks' | 'audio' | 'mixes', number>> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const stores = ['songs', 'tracks', 'audio', 'mixes'] as const;
    const tx = db.transaction([...stores]);
    const counts = await Promise.all(
      stores.map((s) => new Promise<number>((resolve) => (tx.objectStore(s).count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result)))),
    );
    db.close();
    return Object.fromEntries(stores.map((s, i) => [s, counts[i]!])) as Record<(typeof stores)[number], number>;
  }, LIBRARY_DB_NAME);
}

/** Seeds song records (no audio) straight into IndexedDB; the page must reload to list them. */
export function seedSongRecords(page: Page, songs: { id: string; title: string; artist: string; tags: string[] }[]): Promise<void> {
  return page.evaluate(
    async (name, songs) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction('songs', 'readwrite');
      for (const s of songs) {
        const searchWords = [...new Set([s.title, s.artist, ...s.tags].join(' ').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean))];
        tx.objectStore('songs').put({ ...s, key: '', bpm: null, timeSignature: '4/4', durationSec: 180, notes: '', searchWords, createdAt: 0, updatedAt: 0 });
      }
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    LIBRARY_DB_NAME,
    songs,
  );
}

export const byRole = (role: string, name: string) => `::-p-aria([name="${name}"][role="${role}"])`;
