import type { PlayRecord } from '../account/store';
import type { SettingRecord } from '../db/settings';
import type { MixRecord, SongRecord, TrackRecord } from '../library/store';
import type { LyricsRecord } from '../lyrics/store';
import type { MarkerRecord, SongShowRecord } from '../sections/store';
import type { SetlistRecord } from '../setlists/store';

/** Identifies our zip among others; bump the version for any change an older reader would misread. */
export const BACKUP_FORMAT = 'stagetracker-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

/** Every library store except audio, written as data/<store>.json (audio goes in audio/<track id>). */
export const DATA_STORES = ['songs', 'tracks', 'mixes', 'lyrics', 'markers', 'songShow', 'setlists', 'settings', 'plays'] as const;
export type DataStore = (typeof DATA_STORES)[number];
export const ALL_STORES = [...DATA_STORES, 'audio'] as const;

export const dataPath = (store: DataStore) => `data/${store}.json`;
export const audioPath = (trackId: string) => `audio/${encodeURIComponent(trackId)}`;

interface AudioEntry {
  trackId: string;
  path: string;
  size: number;
  type: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: number;
  counts: Record<DataStore, number>;
  audio: AudioEntry[];
}

/** The records of each data store, as IndexedDB holds them. */
export interface StoreRecords {
  songs: SongRecord[];
  tracks: TrackRecord[];
  mixes: MixRecord[];
  lyrics: LyricsRecord[];
  markers: MarkerRecord[];
  songShow: SongShowRecord[];
  setlists: SetlistRecord[];
  settings: SettingRecord[];
  plays: PlayRecord[];
}

/** Raised for anything the user should read: a damaged or foreign file, a refused action. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export const abortError = () => new DOMException('The backup was cancelled.', 'AbortError');
export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
