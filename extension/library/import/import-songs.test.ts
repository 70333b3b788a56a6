// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryDb } from '../../db/db';
import { audioFile, countAll, fakeProbe, freshDb } from '../testing/fake-library';
import { ImportError } from './errors';
import { importSongs, type ImportProgress } from './import-songs';

let db: LibraryDb;
afterEach(async () => {
  await db?.delete();
});

const song = (folder: string | null, ...files: File[]) => ({ folder, files });

describe('importing songs', () => {
  it('stores a song with its tracks, audio and a neutral mix', async () => {
    db = freshDb();
    const files = [audioFile('Grace - Drums.wav', 3000), audioFile('Grace - Bass.wav', 5000)];
    const result = await importSongs(db, [song(null, ...files)], { probe: fakeProbe, now: () => 42 });

    expect(result.songs).toEqual([{ id: expect.any(String), title: 'Grace' }]);
    const [stored] = await db.songs.toArray();
    expect(stored).toMatchObject({ title: 'Grace', durationSec: 5, searchWords: ['grace'], createdAt: 42, timeSignature: '4/4', bpm: null });
    const tracks = await db.tracks.where('songId').equals(stored!.id).sortBy('order');
    expect(tracks.map((t) => [t.name, t.fileName, t.order, t.sampleRate, t.channels])).toEqual([
      ['Drums', 'Grace - Drums.wav', 0, 48_000, 2],
      ['Bass', 'Grace - Bass.wav', 1, 48_000, 2],
    ]);
    const audio = await db.audio.get(tracks[0]!.id);
    expect(audio?.blob.size).toBe(3000);
    const mix = await db.mixes.get(stored!.id);
    expect(Object.keys(mix!.tracks).sort()).toEqual(tracks.map((t) => t.id).sort());
  });

  it('names a folder song after its folder and imports several songs at once', async () => {
    db = freshDb();
    await importSongs(db, [song('Song A', audioFile('x.wav')), song('Song B', audioFile('y.wav'))], { probe: fakeProbe });
    expect((await db.songs.toArray()).map((s) => s.title).sort()).toEqual(['Song A', 'Song B']);
  });

  it('reports progress per file, in bytes, then the save', async () => {
    db = freshDb();
    const seen: ImportProgress[] = [];
    await importSongs(db, [song(null, audioFile('a.wav', 100), audioFile('b.wav', 300))], { probe: fakeProbe, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => [p.phase, p.fileName, p.fileNumber, p.bytesDone, p.bytesTotal])).toEqual([
      ['checking', 'a.wav', 1, 0, 400],
      ['checking', 'a.wav', 1, 100, 400],
      ['checking', 'b.wav', 2, 100, 400],
      ['checking', 'b.wav', 2, 400, 400],
      ['saving', '', 2, 400, 400],
    ]);
  });

  it('refuses the whole import, naming every bad file, and leaves the library as it was', async () => {
    db = freshDb();
    await importSongs(db, [song('Existing', audioFile('keep.wav'))], { probe: fakeProbe });
    const before = await countAll(db);

    const attempt = importSongs(db, [song(null, audioFile('good.wav'), audioFile('corrupt-1.mp3'), audioFile('corrupt-2.ogg'))], { probe: fakeProbe });

    await expect(attempt).rejects.toBeInstanceOf(ImportError);
    await expect(attempt).rejects.toThrow('Nothing was imported. “corrupt-1.mp3” is damaged or unreadable. “corrupt-2.ogg” is damaged or unreadable.');
    expect(await countAll(db)).toEqual(before);
  });

  it('turns an unexpected probe failure into a message naming the file', async () => {
    db = freshDb();
    const probe = async () => {
      throw new TypeError('boom');
    };
    await expect(importSongs(db, [song(null, audioFile('weird.wav'))], { probe })).rejects.toThrow('“weird.wav” could not be read (TypeError: boom).');
  });

  it('says so when there is nothing to import', async () => {
    db = freshDb();
    await expect(importSongs(db, [], { probe: fakeProbe })).rejects.toThrow('no audio files were found');
  });

  it('explains a full disk and rolls back everything written in the transaction', async () => {
    db = freshDb();
    await importSongs(db, [song('Existing', audioFile('keep.wav'))], { probe: fakeProbe });
    const before = await countAll(db);
    // The audio is written after the song and tracks: they must be rolled back with it.
    db.audio.bulkAdd = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as never;

    const attempt = importSongs(db, [song('New', audioFile('big.wav'))], { probe: fakeProbe });

    await expect(attempt).rejects.toThrow(/out of storage space/);
    expect(await countAll(db)).toEqual(before);
  });
});
