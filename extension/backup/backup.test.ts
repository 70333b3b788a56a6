import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb, type LibraryDb } from '../db/db';
import type { SongRecord } from '../library/store';
import { exportLibrary } from './export';
import { planImport } from './plan';
import { readBackup } from './read-backup';
import { applyImport, readStores } from './store';

const fresh = () => openLibraryDb(`backup-${Math.random()}`);

function song(id: string, title: string, over: Partial<SongRecord> = {}): SongRecord {
  return { id, title, artist: 'Band', key: 'G', bpm: 120, timeSignature: '4/4', durationSec: 1, tags: [], notes: '', searchWords: [title.toLowerCase()], createdAt: 1, updatedAt: 1, ...over };
}

async function seed(db: LibraryDb, id: string, title: string, bytes: number[], over: Partial<SongRecord> = {}) {
  await db.songs.put(song(id, title, over));
  await db.tracks.put({ id: `${id}-t`, songId: id, name: 'Mix', fileName: 'mix.wav', mimeType: 'audio/wav', size: bytes.length, order: 0, durationSec: 1, sampleRate: 48000, channels: 1 });
  await db.audio.put({ id: `${id}-t`, blob: new Blob([new Uint8Array(bytes)], { type: 'audio/wav' }) });
  await db.lyrics.put({ songId: id, lines: [{ time: 1, text: `${title} line` }], updatedAt: 1 });
  await db.plays.put({ songId: id, title, artist: 'Band', plays: 3, minutes: 9, lastPlayedAt: 5 });
}

const audioBytes = async (db: LibraryDb) =>
  Object.fromEntries(await Promise.all((await db.audio.toArray()).map(async (a) => [a.id, [...new Uint8Array(await a.blob.arrayBuffer())]] as const)));

/** Everything the user would miss, with audio as bytes. */
async function snapshot(db: LibraryDb) {
  return { ...(await readStores(db)), audio: await audioBytes(db) };
}

async function backupOf(db: LibraryDb) {
  return new File([await exportLibrary(db)], 'backup.zip');
}

/** Flips one byte in the middle of the first audio entry's data (after its local header). */
function flipAudioByte(bytes: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode('audio/');
  const at = bytes.findIndex((_, i) => name.every((c, j) => bytes[i + j] === c));
  bytes[at + 100] = bytes[at + 100]! ^ 0xff;
  return bytes;
}

describe('library backup', () => {
  it('round-trips the whole library into an empty one, audio byte for byte', async () => {
    const source = fresh();
    await seed(source, 's1', 'One', Array.from({ length: 70_000 }, (_, i) => (i * 31) & 255));
    await seed(source, 's2', 'Two', [1, 2, 3]);
    await source.markers.put({ id: 'm1', songId: 's1', name: 'Chorus', time: 12 });
    await source.markers.put({ id: 'm2', songId: 's1', name: 'Bridge', time: 40, bpm: 96, timeSignature: '7/8' });
    await source.mixes.put({ songId: 's1', masterGainDb: -3, tracks: {}, updatedAt: 2 });
    await source.songShow.put({ songId: 's1', countInBars: 2, countInGainDb: -6 });
    await source.setlists.put({ id: 'set', name: 'Sunday', entries: [{ songId: 's2', end: 'stop', skip: false }], createdAt: 1, updatedAt: 1 });
    await source.settings.put({ key: 'stage', value: { theme: 'light-contrast' } });
    const progress: number[] = [];
    const file = new File([await exportLibrary(source, { onProgress: (p) => progress.push(p.bytesDone / p.bytesTotal) })], 'b.zip');
    expect(progress.at(-1)).toBe(1);

    const target = fresh();
    const contents = await readBackup(file);
    await applyImport(target, contents, planImport(contents, await readStores(target), 'replace', 'keep'));
    expect(await snapshot(target)).toEqual(await snapshot(source));
  });

  it('carries a track’s order, colour and group, and leaves its waveform peaks out (remade from the audio)', async () => {
    const source = fresh();
    await seed(source, 's1', 'One', [1, 2, 3]);
    await source.tracks.update('s1-t', { order: 2, colour: '#ff8800', group: 'Click/Guide', peaks: Int8Array.from([-5, 5]) });
    const target = fresh();
    const contents = await readBackup(await backupOf(source));
    await applyImport(target, contents, planImport(contents, await readStores(target), 'replace', 'keep'));
    const { peaks, ...restored } = (await target.tracks.get('s1-t'))!;
    expect(peaks).toBeUndefined();
    expect(restored).toMatchObject({ order: 2, colour: '#ff8800', group: 'Click/Guide' });
  });

  it.each([
    { name: 'a flipped byte in the audio', damage: flipAudioByte, message: /damaged.*audio.*fails its checksum/ },
    { name: 'truncation', damage: (b: Uint8Array) => b.subarray(0, b.length - 100), message: /damaged.*truncated/ },
    { name: 'a file that is not a zip', damage: () => new TextEncoder().encode('hello, this is not a zip at all'), message: /damaged|not a zip/ },
  ])('refuses $name with a clear message', async ({ damage, message }) => {
    const source = fresh();
    await seed(source, 's1', 'One', Array.from({ length: 5000 }, (_, i) => i & 255));
    const bytes = new Uint8Array(await (await exportLibrary(source)).arrayBuffer());
    await expect(readBackup(new File([damage(bytes) as BlobPart], 'x.zip'))).rejects.toThrow(message);
  });

  it.each([
    ['a BPM out of range', { bpm: 1000 }],
    ['a BPM that is not a number', { bpm: '120' }],
    ['a time signature that is not one', { timeSignature: 'waltz' }],
  ])('refuses a marker with %s, naming the store, and imports nothing', async (_, tempo) => {
    const { zipSync, strToU8 } = await import('fflate');
    const source = fresh();
    await seed(source, 's1', 'One', [1, 2, 3]);
    await source.markers.put({ id: 'm1', songId: 's1', name: 'Chorus', time: 12, bpm: 120 });
    const { unzipSync } = await import('fflate');
    const files = unzipSync(new Uint8Array(await (await exportLibrary(source)).arrayBuffer()));
    files['data/markers.json'] = strToU8(JSON.stringify([{ id: 'm1', songId: 's1', name: 'Chorus', time: 12, ...tempo }]));
    await expect(readBackup(new File([zipSync(files) as BlobPart], 'b.zip'))).rejects.toThrow(/markers record 1 has a BPM \(20–400\) or time signature \(like 3\/4, 6\/8\) that cannot be used.*Nothing was imported/);
  });

  it('refuses a zip without a manifest, or of a newer format version', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    await expect(readBackup(new File([zipSync({ 'a.txt': strToU8('x') }) as BlobPart], 'a.zip'))).rejects.toThrow(/not a StageTracker backup.*manifest/);
    const newer = zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'stagetracker-backup', version: 99 })) });
    await expect(readBackup(new File([newer as BlobPart], 'n.zip'))).rejects.toThrow(/format version 99.*Update the extension/);
  });

  it('shows conflicts (same id changed, same title and artist) and merges by the chosen side', async () => {
    const home = fresh();
    await seed(home, 's1', 'One', [1, 1, 1]);
    await seed(home, 's2', 'Two', [2]);
    await seed(home, 's3', 'Three', [3]);
    const file = await backupOf(home);

    const venue = fresh();
    await seed(venue, 's1', 'One', [1, 1, 1], { key: 'A' }); // same id, edited
    await seed(venue, 'other', 'Two', [9]); // same title+artist, another id
    await seed(venue, 's2x', 'Only here', [7]);
    const contents = await readBackup(file);
    const before = await snapshot(venue);

    const keep = planImport(contents, await readStores(venue), 'merge', 'keep');
    expect(keep.conflicts.map((c) => [c.kind, c.backupSongId, c.localSongId])).toEqual([['same-id', 's1', 's1'], ['same-title', 's2', 'other']]);
    await applyImport(venue, contents, keep);
    const kept = await snapshot(venue);
    expect(kept.songs.map((s) => s.id).sort()).toEqual(['other', 's1', 's2x', 's3']);
    expect(kept.songs.find((s) => s.id === 's1')?.key).toBe('A');
    expect(kept.audio).toEqual({ ...before.audio, 's3-t': [3] });

    const useBackup = planImport(contents, await readStores(venue), 'merge', 'backup');
    await applyImport(venue, contents, useBackup);
    const replaced = await snapshot(venue);
    expect(replaced.songs.map((s) => s.id).sort()).toEqual(['s1', 's2', 's2x', 's3']);
    expect(replaced.songs.find((s) => s.id === 's1')?.key).toBe('G');
    expect(replaced.audio['other-t']).toBeUndefined();
  });

  it('a cancelled import leaves the library exactly as it was', async () => {
    const source = fresh();
    await seed(source, 's1', 'One', [1]);
    await seed(source, 's2', 'Two', [2]);
    const contents = await readBackup(await backupOf(source));
    const target = fresh();
    await seed(target, 'mine', 'Mine', [5, 5]);
    const before = await snapshot(target);
    const abort = new AbortController();
    const plan = planImport(contents, await readStores(target), 'replace', 'keep');
    // Cancel while the transaction is writing: after the stores were cleared.
    const cancel = () => abort.abort();
    target.songs.hook('deleting', cancel);
    await expect(applyImport(target, contents, plan, abort.signal)).rejects.toThrow(/cancelled/);
    expect(abort.signal.aborted).toBe(true);
    target.songs.hook('deleting').unsubscribe(cancel);
    expect(await snapshot(target)).toEqual(before);
  });
});
