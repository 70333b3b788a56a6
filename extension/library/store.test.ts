// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryDb } from '../db/db';
import { importSongs } from './import/import-songs';
import { deleteSong, deleteTrack, renameTrack, updateSong } from './store';
import { audioFile, countAll, fakeProbe, freshDb } from './testing/fake-library';

let db: LibraryDb;
afterEach(async () => {
  await db?.delete();
});

async function seed() {
  db = freshDb();
  const files = [audioFile('S - Drums.wav', 2000), audioFile('S - Bass.wav', 7000)];
  const { songs } = await importSongs(db, [{ folder: 'Song', files }, { folder: 'Other', files: [audioFile('o.wav')] }], { probe: fakeProbe });
  const songId = songs[0]!.id;
  const tracks = await db.tracks.where('songId').equals(songId).sortBy('order');
  return { songId, tracks };
}

const details = { title: 'Song', artist: '', key: '', bpm: null, timeSignature: '4/4', tags: [], notes: '' };

describe('editing the library', () => {
  it('saves metadata, tidies it, and makes it searchable', async () => {
    const { songId } = await seed();
    await updateSong(db, songId, { ...details, title: ' Oceans ', artist: 'Hillsong United', key: 'D', bpm: 66, tags: ['worship', ' slow ', 'worship', ''] }, 7);
    expect(await db.songs.get(songId)).toMatchObject({
      title: 'Oceans',
      key: 'D',
      bpm: 66,
      tags: ['worship', 'slow'],
      searchWords: ['oceans', 'hillsong', 'united', 'worship', 'slow'],
      updatedAt: 7,
    });
  });

  it('refuses an empty title', async () => {
    const { songId } = await seed();
    await expect(updateSong(db, songId, { ...details, title: '  ' })).rejects.toThrow('A song needs a title.');
  });

  it('renames a track, refusing an empty name', async () => {
    const { tracks } = await seed();
    await renameTrack(db, tracks[0]!.id, ' Kick ');
    expect((await db.tracks.get(tracks[0]!.id))?.name).toBe('Kick');
    await expect(renameTrack(db, tracks[0]!.id, ' ')).rejects.toThrow('A track needs a name.');
  });

  it('deletes a song with its tracks, audio and mix, and nothing else', async () => {
    const { songId } = await seed();
    await deleteSong(db, songId);
    expect(await countAll(db)).toEqual({ songs: 1, tracks: 1, audio: 1, mixes: 1 });
    expect(await db.songs.get(songId)).toBeUndefined();
  });

  it('deletes a track with its audio and mix entry; the song gets the remaining length', async () => {
    const { songId, tracks } = await seed();
    const [drums, bass] = tracks;
    await deleteTrack(db, bass!.id);
    expect(await db.audio.get(bass!.id)).toBeUndefined();
    expect(Object.keys((await db.mixes.get(songId))!.tracks)).toEqual([drums!.id]);
    expect((await db.songs.get(songId))?.durationSec).toBe(2);
  });
});
