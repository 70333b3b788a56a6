import type { LibraryDb } from './db';
import type { SongRecord } from './schema';
import { searchWordsOf } from './search-words';

/** The metadata a musician edits; the rest of a SongRecord is derived or bookkeeping. */
export type SongDetails = Pick<SongRecord, 'title' | 'artist' | 'key' | 'bpm' | 'timeSignature' | 'tags' | 'notes'>;

export async function updateSong(db: LibraryDb, songId: string, details: SongDetails, now = Date.now()): Promise<void> {
  const title = details.title.trim();
  if (!title) throw new Error('A song needs a title.');
  const tidy = { ...details, title, artist: details.artist.trim(), tags: [...new Set(details.tags.map((t) => t.trim()).filter(Boolean))] };
  const changed = await db.songs.update(songId, { ...tidy, searchWords: searchWordsOf(tidy), updatedAt: now });
  if (!changed) throw new Error('This song is no longer in the library.');
}

export async function renameTrack(db: LibraryDb, trackId: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A track needs a name.');
  await db.tracks.update(trackId, { name: trimmed });
}

/** A song goes with its tracks, audio and mix, together or not at all. */
export async function deleteSong(db: LibraryDb, songId: string): Promise<void> {
  await db.transaction('rw', [db.songs, db.tracks, db.audio, db.mixes], async () => {
    const trackIds = (await db.tracks.where('songId').equals(songId).primaryKeys()) as string[];
    await db.audio.bulkDelete(trackIds);
    await db.tracks.bulkDelete(trackIds);
    await db.mixes.delete(songId);
    await db.songs.delete(songId);
  });
}

/** Removes a track's audio and mix entry; the song's duration follows its longest remaining track. */
export async function deleteTrack(db: LibraryDb, trackId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.songs, db.tracks, db.audio, db.mixes], async () => {
    const track = await db.tracks.get(trackId);
    if (!track) return;
    await db.tracks.delete(trackId);
    await db.audio.delete(trackId);
    const mix = await db.mixes.get(track.songId);
    if (mix) {
      const { [trackId]: _removed, ...tracks } = mix.tracks;
      await db.mixes.put({ ...mix, tracks, updatedAt: now });
    }
    const remaining = await db.tracks.where('songId').equals(track.songId).toArray();
    await db.songs.update(track.songId, { durationSec: Math.max(0, ...remaining.map((t) => t.durationSec)), updatedAt: now });
  });
}
