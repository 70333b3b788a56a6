import { Dexie, type EntityTable } from 'dexie';
import {
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  type AudioRecord,
  type LyricsRecord,
  type MarkerRecord,
  type MixRecord,
  type PlayRecord,
  type SetlistRecord,
  type SettingRecord,
  type SongRecord,
  type SongShowRecord,
  type TrackRecord,
} from './schema';

export type LibraryDb = Dexie & {
  songs: EntityTable<SongRecord, 'id'>;
  tracks: EntityTable<TrackRecord, 'id'>;
  audio: EntityTable<AudioRecord, 'id'>;
  mixes: EntityTable<MixRecord, 'songId'>;
  settings: EntityTable<SettingRecord, 'key'>;
  plays: EntityTable<PlayRecord, 'songId'>;
  setlists: EntityTable<SetlistRecord, 'id'>;
  lyrics: EntityTable<LyricsRecord, 'songId'>;
  markers: EntityTable<MarkerRecord, 'id'>;
  songShow: EntityTable<SongShowRecord, 'songId'>;
};

export const LIBRARY_DB_NAME = 'stagetracker';

/** Tests open their own database by name; the extension uses `db` below. */
export function openLibraryDb(name = LIBRARY_DB_NAME): LibraryDb {
  const library = new Dexie(name) as LibraryDb;
  library.version(1).stores(SCHEMA_V1);
  library.version(2).stores(SCHEMA_V2);
  library.version(3).stores(SCHEMA_V3);
  return library;
}

/** The one library instance of each extension context (player page, offscreen engine). */
export const db = openLibraryDb();
