/**
 * The on-device library (Dexie/IndexedDB). Every shipped change to these stores is a new
 * `db.version(n)` in db.ts; records are plain data so they clone between contexts.
 * Audio blobs live in their own store so listing songs and tracks never loads audio.
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
  /** Position in the mixer. */
  order: number;
  durationSec: number;
  sampleRate: number;
  channels: number;
}

export interface AudioRecord {
  /** The track id. */
  id: string;
  blob: Blob;
}

export interface TrackMix {
  gainDb: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
  mute: boolean;
  solo: boolean;
}

/** A song's saved mix (seed 000 "Track Configurations"). */
export interface MixRecord {
  songId: string;
  masterGainDb: number;
  tracks: Record<string, TrackMix>;
  updatedAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export const DEFAULT_TRACK_MIX: TrackMix = { gainDb: 0, pan: 0, mute: false, solo: false };

/** Dexie store definitions for version 1. */
export const SCHEMA_V1 = {
  songs: 'id, title, artist, *tags, *searchWords, updatedAt',
  tracks: 'id, songId, [songId+order]',
  audio: 'id',
  mixes: 'songId',
  settings: 'key',
} as const;
