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

/**
 * A song's practice and performance log on this device: running totals (seed 001 "Save
 * Learning Progress"), sent as they are so a repeated upload changes nothing.
 */
export interface PlayRecord {
  songId: string;
  /** Kept with the totals: songs are matched across devices by title and artist. */
  title: string;
  artist: string;
  /** Plays longer than 30 seconds. */
  plays: number;
  minutes: number;
  lastPlayedAt: number;
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

/** Version 2 adds the practice log. */
export const SCHEMA_V2 = { ...SCHEMA_V1, plays: 'songId' } as const;

/** What happens when a song of a setlist ends. */
export type EndBehaviour = 'stop' | 'continue' | 'segue';

export interface SetlistEntry {
  songId: string;
  end: EndBehaviour;
  /** Skipped live without removing it from the setlist. */
  skip: boolean;
}

export interface SetlistRecord {
  id: string;
  name: string;
  entries: SetlistEntry[];
  createdAt: number;
  updatedAt: number;
}

export interface LyricLine {
  /** Seconds from the song's start; null until stamped (tap-to-sync). */
  time: number | null;
  text: string;
}

export interface LyricsRecord {
  songId: string;
  lines: LyricLine[];
  updatedAt: number;
}

export interface MarkerRecord {
  id: string;
  songId: string;
  /** Intro, Verse, Chorus, Bridge, Outro, or any name. */
  name: string;
  /** Seconds from the song's start. */
  time: number;
}

/** Song-level show settings that are not part of the mix. */
export interface SongShowRecord {
  songId: string;
  /** Bars of count-in before the song, 0–8. */
  countInBars: number;
  countInGainDb: number;
}

/** Version 3 adds setlists, synced lyrics, section markers and per-song show settings. */
export const SCHEMA_V3 = { ...SCHEMA_V2, setlists: 'id, name, updatedAt', lyrics: 'songId', markers: 'id, songId, [songId+time]', songShow: 'songId' } as const;
