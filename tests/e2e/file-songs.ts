/**
 * Seeds songs whose tracks are real audio files (bytes from disk, e.g. made by real encoders),
 * stored as the library stores an import: the file's bytes are the track's Blob.
 */
import type { Page } from 'puppeteer-core';
import { SCHEMA_V1 } from '../../extension/db/schema.ts';
import { injectFixtures } from './engine-fixtures.ts';

export interface FileTrack {
  id: string;
  name: string;
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  durationSec: number;
  sampleRate: number;
  channels: number;
}

export interface FileSong {
  id: string;
  title: string;
  tracks: FileTrack[];
}

export async function seedFileSongs(page: Page, songs: FileSong[]): Promise<void> {
  await injectFixtures(page);
  const wire = songs.map((s) => ({ ...s, tracks: s.tracks.map(({ bytes, ...t }) => ({ ...t, base64: Buffer.from(bytes).toString('base64') })) }));
  await page.evaluate(
    async (list, schema) => {
      type Table = { put(v: object): Promise<unknown>; delete(k: string): Promise<unknown> };
      type Db = { version(n: number): { stores(s: object): void }; transaction(m: string, ...rest: unknown[]): Promise<unknown>; close(): void } & Record<string, Table>;
      const db = new (globalThis as unknown as { Dexie: new (name: string) => Db }).Dexie('stagetracker');
      db.version(1).stores(schema);
      const now = Date.now();
      for (const song of list) {
        await db.transaction('rw', db.songs, db.tracks, db.audio, db.mixes, async () => {
          await db.songs!.put({
            id: song.id, title: song.title, artist: '', key: '', bpm: null, timeSignature: '4/4',
            durationSec: Math.max(...song.tracks.map((t) => t.durationSec)), tags: [], notes: '',
            searchWords: song.title.toLowerCase().split(/\s+/), createdAt: now, updatedAt: now,
          });
          await db.mixes!.delete(song.id);
          for (const [order, { base64, ...t }] of song.tracks.entries()) {
            const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: t.mimeType });
            await db.tracks!.put({ ...t, songId: song.id, size: blob.size, order });
            await db.audio!.put({ id: t.id, blob });
          }
        });
      }
      db.close();
    },
    wire,
    SCHEMA_V1,
  );
}
