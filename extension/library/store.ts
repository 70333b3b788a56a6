import type { Dexie, EntityTable } from 'dexie';
import type { Peaks } from '../waveform/peaks';
import type { SongRecords } from './import/records';
import { searchWordsOf } from './search-words';

/**
 * The library's stores: songs, their tracks, the tracks' audio and each song's mix. Records are
 * plain data so they clone between contexts. Audio blobs live in their own store so listing
 * songs and tracks never loads audio.
 */

export interface SongRecord {
  id: string;
  title: string;
  artist: string;
  /** Musical key, e.g. "G" or "F#m"; empty when unknown. */
  key: string;
  bpm: number | null;
  /** e.g. "4/4", "6/8". */
  timeSignature: string;
  /** Seconds: the longest track. */
  durationSec: number;
  tags: string[];
  notes: string;
  /** Lowercased title, artist and tags, split into words, for instant prefix search. */
  searchWords: string[];
  createdAt: number;
  updatedAt: number;
}

export interface TrackRecord {
  id: string;
  songId: string;
  /** From the file name, editable. */
  name: string;
  fileName: string;
  mimeType: string;
  size: number;
  /** Position in the mixer (0 first); the engine reads a song's tracks in this order. */
  order: number;
  durationSec: number;
  sampleRate: number;
  channels: number;
  /** A CSS colour (#rrggbb) for the strip and its waveform; absent: the theme's. */
  colour?: string;
  /** A free label shared by related tracks ("Drums", "Click/Guide"); absent or '': none. */
  group?: string;
  /**
   * The waveform overview (waveform/peaks.ts), computed at import; absent for tracks imported
   * before waveforms, which get it once, the first time they are shown.
   */
  peaks?: Peaks;
}

export interface AudioRecord {
  /** The track id. */
  id: string;
  blob: Blob;
}

interface TrackMix {
  gainDb: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
  mute: boolean;
  solo: boolean;
}

/** A song's saved mix, restored whenever the song is loaded again. */
export interface MixRecord {
  songId: string;
  masterGainDb: number;
  tracks: Record<string, TrackMix>;
  updatedAt: number;
}

export const DEFAULT_TRACK_MIX: TrackMix = { gainDb: 0, pan: 0, mute: false, solo: false };

export interface LibraryTables {
  songs: EntityTable<SongRecord, 'id'>;
  tracks: EntityTable<TrackRecord, 'id'>;
  audio: EntityTable<AudioRecord, 'id'>;
  mixes: EntityTable<MixRecord, 'songId'>;
}

/** The library's Dexie stores by the schema version that added them (db/schema.ts composes them). */
export const LIBRARY_STORES = {
  1: { songs: 'id, title, artist, *tags, *searchWords, updatedAt', tracks: 'id, songId, [songId+order]', audio: 'id', mixes: 'songId' },
} as const;

type LibraryStore = Dexie & LibraryTables;

export const allSongs = (db: Pick<LibraryTables, 'songs'>) => db.songs.toArray();

export const tracksOf = (db: Pick<LibraryTables, 'tracks'>, songId: string) => db.tracks.where('songId').equals(songId).sortBy('order');

export const songCount = (db: Pick<LibraryTables, 'songs'>) => db.songs.count();

/** The records of imported songs, all in one transaction: a failure leaves the library as it was. */
export async function addSongs(db: LibraryStore, records: readonly SongRecords[]): Promise<void> {
  await db.transaction('rw', [db.songs, db.tracks, db.audio, db.mixes], async () => {
    await db.songs.bulkAdd(records.map((r) => r.song));
    await db.tracks.bulkAdd(records.flatMap((r) => r.tracks));
    await db.audio.bulkAdd(records.flatMap((r) => r.audio));
    await db.mixes.bulkAdd(records.map((r) => r.mix));
  });
}

/** The metadata a musician edits; the rest of a SongRecord is derived or bookkeeping. */
export type SongDetails = Pick<SongRecord, 'title' | 'artist' | 'key' | 'bpm' | 'timeSignature' | 'tags' | 'notes'>;

export async function updateSong(db: Pick<LibraryTables, 'songs'>, songId: string, details: SongDetails, now = Date.now()): Promise<void> {
  const title = details.title.trim();
  if (!title) throw new Error('A song needs a title.');
  const tidy = { ...details, title, artist: details.artist.trim(), tags: [...new Set(details.tags.map((t) => t.trim()).filter(Boolean))] };
  const changed = await db.songs.update(songId, { ...tidy, searchWords: searchWordsOf(tidy), updatedAt: now });
  if (!changed) throw new Error('This song is no longer in the library.');
}

export async function renameTrack(db: Pick<LibraryTables, 'tracks'>, trackId: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A track needs a name.');
  await db.tracks.update(trackId, { name: trimmed });
}

/** Tracks' look and grouping as a musician edits them. */
export type TrackLook = Partial<Pick<TrackRecord, 'colour' | 'group'>>;

export async function updateTrackLook(db: Pick<LibraryTables, 'tracks'>, trackId: string, look: TrackLook): Promise<void> {
  const patch: TrackLook = {};
  if (look.group !== undefined) patch.group = look.group.trim();
  if (look.colour !== undefined) {
    if (!/^#[0-9a-f]{6}$/i.test(look.colour)) throw new Error(`“${look.colour}” is not a colour (use #rrggbb).`);
    patch.colour = look.colour.toLowerCase();
  }
  if (!(await db.tracks.update(trackId, patch))) throw new Error('This track is no longer in the library.');
}

/**
 * Saves a song's track order: `trackIds` first to last. Every track of the song must be named once,
 * so a track added or deleted meanwhile (another tab) refuses the move rather than losing a position.
 */
export async function saveTrackOrder(db: LibraryStore, songId: string, trackIds: readonly string[]): Promise<void> {
  await db.transaction('rw', db.tracks, async () => {
    const current = (await db.tracks.where('songId').equals(songId).primaryKeys()) as string[];
    const same = current.length === trackIds.length && new Set(trackIds).size === trackIds.length && trackIds.every((id) => current.includes(id));
    if (!same) throw new Error('The song’s tracks changed meanwhile; try the move again.');
    await Promise.all(trackIds.map((id, order) => db.tracks.update(id, { order })));
  });
}

export async function saveTrackPeaks(db: Pick<LibraryTables, 'tracks'>, trackId: string, peaks: Peaks): Promise<void> {
  await db.tracks.update(trackId, { peaks });
}

/** A song goes with its tracks, audio and mix, together or not at all. */
export async function deleteSong(db: LibraryStore, songId: string): Promise<void> {
  await db.transaction('rw', [db.songs, db.tracks, db.audio, db.mixes], async () => {
    const trackIds = (await db.tracks.where('songId').equals(songId).primaryKeys()) as string[];
    await db.audio.bulkDelete(trackIds);
    await db.tracks.bulkDelete(trackIds);
    await db.mixes.delete(songId);
    await db.songs.delete(songId);
  });
}

/** Removes a track's audio and mix entry; the song's duration follows its longest remaining track. */
export async function deleteTrack(db: LibraryStore, trackId: string, now = Date.now()): Promise<void> {
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
