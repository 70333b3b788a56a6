import type { MixView, SongView } from '../../shared/messages';
import type { LibraryDb } from '../db/db';
import type { SongRecord, TrackRecord } from '../library/store';
import { tempoChangesOf } from '../sections/tempo-fields';
import type { TempoChange } from './tempo-map';
import type { SongShowRecord } from '../sections/store';
import type { DefaultRouting, SongRouting } from '../outputs/routing';
import { loadDefaultRouting, loadOutputDevice, loadSongRouting, type OutputDevicePreference } from '../outputs/store';

export interface StoredSong {
  song: SongRecord;
  tracks: { record: TrackRecord; blob: Blob }[];
  mix: MixView | undefined;
  /** Count-in settings; undefined when never set. */
  show?: SongShowRecord | undefined;
  /** Tempo and metre changes from the song's section markers (none: one tempo). */
  tempoChanges?: TempoChange[];
}

/** What the song editor and the section markers change of a loaded song: its names and its timing. */
export type SongDetailsView = Pick<SongView, 'title' | 'artist' | 'key' | 'bpm' | 'timeSignature' | 'tempoChanges'>;

/** A song's details as the engine shows and plays them (no tempo changes: the key is absent). */
export function songDetailsOf(song: SongRecord, tempoChanges: readonly TempoChange[] | undefined): SongDetailsView {
  return {
    title: song.title,
    artist: song.artist,
    key: song.key,
    bpm: song.bpm,
    timeSignature: song.timeSignature,
    ...(tempoChanges?.length && { tempoChanges: [...tempoChanges] }),
  };
}

/** The engine's reads and writes of the library the player imports into (same origin, same IndexedDB). */
export interface EngineLibrary {
  readSong(songId: string): Promise<StoredSong>;
  /** Only the song's details and tempo changes (no audio): what an edit in the library changed. */
  readSongDetails(songId: string): Promise<SongDetailsView>;
  /** Song ids in library order (by title), the play order when the player gives none. */
  songOrder(): Promise<string[]>;
  saveMix(songId: string, mix: MixView): Promise<void>;
  /** The song's own routing (undefined: it follows the default) and the default; absent in tests without outputs. */
  readRouting?(songId: string): Promise<{ song: SongRouting | undefined; fallback: DefaultRouting }>;
  /** The output device the performer chose, or null for the system default. */
  readOutputDevice?(): Promise<OutputDevicePreference | null>;
}

export function dexieLibrary(db: LibraryDb): EngineLibrary {
  return {
    async readSong(songId) {
      // One read transaction: the song cannot change between its records and its blobs.
      return db.transaction('r', [db.songs, db.tracks, db.audio, db.mixes, db.songShow, db.markers], async () => {
        const song = await db.songs.get(songId);
        if (!song) throw new Error(`Song ${songId} is not in the library`);
        const records = await db.tracks.where('[songId+order]').between([songId, -Infinity], [songId, Infinity]).toArray();
        const audio = await db.audio.bulkGet(records.map((r) => r.id));
        const tracks = records.map((record, i) => {
          const blob = audio[i]?.blob;
          if (!blob) throw new Error(`The audio of track "${record.name}" is missing`);
          return { record, blob };
        });
        const tempoChanges = tempoChangesOf(await db.markers.where('songId').equals(songId).toArray());
        return { song, tracks, mix: await db.mixes.get(songId), show: await db.songShow.get(songId), tempoChanges };
      });
    },
    async readSongDetails(songId) {
      return db.transaction('r', [db.songs, db.markers], async () => {
        const song = await db.songs.get(songId);
        if (!song) throw new Error(`Song ${songId} is not in the library`);
        return songDetailsOf(song, tempoChangesOf(await db.markers.where('songId').equals(songId).toArray()));
      });
    },
    async songOrder() {
      return (await db.songs.orderBy('title').primaryKeys()) as string[];
    },
    async saveMix(songId, mix) {
      await db.mixes.put({ songId, masterGainDb: mix.masterGainDb, tracks: mix.tracks, updatedAt: Date.now() });
    },
    async readRouting(songId) {
      return { song: await loadSongRouting(db, songId), fallback: await loadDefaultRouting(db) };
    },
    readOutputDevice: () => loadOutputDevice(db),
  };
}
