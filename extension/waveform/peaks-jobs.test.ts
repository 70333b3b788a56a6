// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LibraryDb } from '../db/db';
import { createLibraryModel } from '../library/model';
import { tracksOf } from '../library/store';
import { audioFile, countAll, fakeProbe, freshDb } from '../library/testing/fake-library';
import { createPeaksJobs, type PeaksJobs } from './peaks-jobs';

let db: LibraryDb;
let jobs: PeaksJobs | undefined;
afterEach(async () => {
  jobs?.dispose();
  await db?.delete();
});

/** An import through the library model, its waveforms made by `jobs` after the save. */
async function importWith(computePeaks: (blob: Blob, sec: number, abort: AbortSignal) => Promise<Int8Array>, log = vi.fn()) {
  db = freshDb();
  jobs = createPeaksJobs({ db, busy: signal(false), computePeaks, log });
  const library = createLibraryModel({ db, probe: fakeProbe, loadSong: async () => undefined, requestPersistence: async () => true, drawWaveforms: jobs.enqueue });
  await library.importFiles(['Hymn - Bass.wav', 'Hymn - Keys.wav'].map((n) => ({ file: audioFile(n), dir: '' })));
  const notice = library.notice.value;
  library.dispose();
  return { notice, log, songId: (await db.songs.toArray())[0]!.id };
}

describe('waveforms after the import', () => {
  it('says “Imported” with the song saved before any waveform is decoded, then stores each track’s peaks', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const decoded: number[] = [];
    const { notice, songId } = await importWith(async (blob) => {
      await gate;
      decoded.push(blob.size);
      return Int8Array.from([-3, 3]);
    });
    expect(notice).toEqual({ tone: 'success', text: 'Imported “Hymn” with 2 tracks.' });
    // Saved whole, nothing drawn yet: the lanes show "Drawing waveform…".
    expect(await countAll(db)).toEqual({ songs: 1, tracks: 2, audio: 2, mixes: 1 });
    expect((await tracksOf(db, songId)).map((t) => t.peaks)).toEqual([undefined, undefined]);
    expect(jobs!.queue.value).toHaveLength(2);
    release();
    await vi.waitFor(async () => expect((await tracksOf(db, songId)).map((t) => Array.from(t.peaks ?? []))).toEqual([[-3, 3], [-3, 3]]));
    expect(decoded).toEqual([100, 100]);
    expect(jobs!.queue.value).toEqual([]);
  });

  it('never fails or undoes the import when a waveform cannot be made: logged, and the track marked for “No waveform”', async () => {
    const { notice, log, songId } = await importWith(async (blob) => (blob.size ? Promise.reject(new Error('decoder gave up')) : Int8Array.from([0, 0])));
    expect(notice?.tone).toBe('success');
    await vi.waitFor(() => expect(jobs!.failed.value.size).toBe(2));
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toMatch(/could not be made.*No waveform/);
    expect(await countAll(db)).toEqual({ songs: 1, tracks: 2, audio: 2, mixes: 1 });
    const tracks = await tracksOf(db, songId);
    // Not tried again.
    jobs!.enqueue(tracks.map((t) => t.id));
    expect(jobs!.queue.value).toEqual([]);
  });
});
