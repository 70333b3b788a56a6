// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryDb } from '../db/db';
import { importSongs } from './import/import-songs';
import { saveTrackOrder, tracksOf, updateTrackLook } from './store';
import { audioFile, fakeProbe, freshDb } from './testing/fake-library';
import { moveItem } from './track-order';
import { createPeaksJobs } from '../waveform/peaks-jobs';
import { createTracksModel } from './tracks-model';

let db: LibraryDb;
afterEach(async () => {
  await db?.delete();
});

async function seed() {
  db = freshDb();
  const files = ['S - Click.wav', 'S - Drums.wav', 'S - Bass.wav', 'S - Keys.wav'].map((name) => audioFile(name));
  const { songs } = await importSongs(db, [{ folder: 'Song', files }], { probe: fakeProbe });
  return songs[0]!.id;
}
const names = async (songId: string) => (await tracksOf(db, songId)).map((t) => t.name);
const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('moving an item in a list', () => {
  it('moves up, down, to the ends, and clamps', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 1, -5)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 7, 0)).toEqual(['a', 'b']);
  });
});

describe('track order, colour and group', () => {
  it('saves a new order that the engine reads back by [songId+order]', async () => {
    const songId = await seed();
    const tracks = await tracksOf(db, songId);
    await saveTrackOrder(db, songId, [tracks[2]!.id, tracks[0]!.id, tracks[1]!.id, tracks[3]!.id]);
    const byIndex = await db.tracks.where('[songId+order]').between([songId, -Infinity], [songId, Infinity]).toArray();
    expect(byIndex.map((t) => t.name)).toEqual(['Bass', 'Click', 'Drums', 'Keys']);
  });

  it('refuses an order that leaves out or invents a track, and keeps the old one', async () => {
    const songId = await seed();
    const ids = (await tracksOf(db, songId)).map((t) => t.id);
    await expect(saveTrackOrder(db, songId, ids.slice(1))).rejects.toThrow(/tracks changed meanwhile/);
    await expect(saveTrackOrder(db, songId, [...ids.slice(1), 'other'])).rejects.toThrow(/tracks changed meanwhile/);
    expect(await names(songId)).toEqual(['Click', 'Drums', 'Bass', 'Keys']);
  });

  it('saves a group and a colour, and refuses a colour that is not #rrggbb', async () => {
    const songId = await seed();
    const [click] = await tracksOf(db, songId);
    await updateTrackLook(db, click!.id, { group: ' Click/Guide ', colour: '#FF8800' });
    expect(await db.tracks.get(click!.id)).toMatchObject({ group: 'Click/Guide', colour: '#ff8800' });
    await expect(updateTrackLook(db, click!.id, { colour: 'orange' })).rejects.toThrow('“orange” is not a colour (use #rrggbb).');
    expect((await db.tracks.get(click!.id))?.colour).toBe('#ff8800');
  });
});

describe('the loaded song’s tracks model', () => {
  it('moves a track, saves the order and announces the new position', async () => {
    const songId = await seed();
    // Playing: no overview is made meanwhile (its saves would re-emit the list).
    const model = createTracksModel({ db, songId: signal(songId), peaks: createPeaksJobs({ db, busy: signal(true), computePeaks: async () => new Int8Array(2), log: () => {} }) });
    await until(() => model.records.value.length === 4);
    const keys = model.records.value[3]!;
    await model.moveBy(keys.id, -1);
    expect(model.records.value.map((t) => t.name)).toEqual(['Click', 'Drums', 'Keys', 'Bass']);
    expect(model.announcement.value).toBe('Keys moved to position 3 of 4.');
    expect(await names(songId)).toEqual(['Click', 'Drums', 'Keys', 'Bass']);
    // Past the top is no move (and no announcement change).
    await model.moveTo(model.records.value[0]!.id, -1);
    expect(await names(songId)).toEqual(['Click', 'Drums', 'Keys', 'Bass']);
    model.dispose();
  });

  it('makes the missing overviews of older tracks once and stores them', async () => {
    const songId = await seed();
    const made: string[] = [];
    const computePeaks = async (blob: Blob, durationSec: number) => {
      made.push(`${blob.size}:${durationSec}`);
      return Int8Array.from([-1, 1]);
    };
    const model = createTracksModel({ db, songId: signal(songId), peaks: createPeaksJobs({ db, busy: signal(false), computePeaks, log: () => {} }) });
    await until(async () => (await tracksOf(db, songId)).every((t) => t.peaks));
    expect((await tracksOf(db, songId)).map((t) => Array.from(t.peaks!))).toEqual(Array(4).fill([-1, 1]));
    await until(() => model.records.value.every((t) => t.peaks));
    expect(made).toEqual(Array(4).fill('100:1'));
    model.dispose();
  });

  it('does not retry an overview that cannot be made', async () => {
    const songId = await seed();
    let calls = 0;
    const model = createTracksModel({ db, songId: signal(songId), peaks: createPeaksJobs({ db, busy: signal(false), computePeaks: async () => (calls++, Promise.reject(new Error('bad'))), log: () => {} }) });
    await until(() => model.peaksFailed.value.size === 4);
    await saveTrackOrder(db, songId, [...model.records.value].reverse().map((t) => t.id));
    await until(() => model.records.value[0]!.name === 'Keys');
    expect(calls).toBe(4);
    model.dispose();
  });

  it('makes overviews only while the engine is not busy: Play aborts the decode, which starts again on stop', async () => {
    const songId = await seed();
    const busy = signal(true);
    const started: string[] = [];
    let aborted = 0;
    const computePeaks = (_blob: Blob, _sec: number, abort: AbortSignal) =>
      new Promise<Int8Array>((resolve, reject) => {
        started.push('decode');
        abort.addEventListener('abort', () => (aborted++, reject(abort.reason)));
        setTimeout(() => resolve(Int8Array.from([0, 1])), 30);
      });
    const model = createTracksModel({ db, songId: signal(songId), peaks: createPeaksJobs({ db, busy, computePeaks, log: () => {} }) });
    await until(() => model.records.value.length === 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual([]);
    busy.value = false;
    await until(() => started.length === 1);
    busy.value = true;
    expect(aborted).toBe(1);
    expect(model.peaksFailed.value.size).toBe(0);
    busy.value = false;
    await until(async () => (await tracksOf(db, songId)).every((t) => t.peaks));
    expect(started).toHaveLength(5);
    model.dispose();
  });
});
