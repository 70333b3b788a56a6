import type { EntityTable } from 'dexie';

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

export interface LyricsTables {
  lyrics: EntityTable<LyricsRecord, 'songId'>;
}

/** The lyrics' store by the schema version that added it (db/schema.ts composes every store). */
export const LYRICS_STORES = {
  3: { lyrics: 'songId' },
} as const;

/** A song's lyrics record; undefined when it has none. */
export const lyricsOf = (db: LyricsTables, songId: string) => db.lyrics.get(songId);

export async function saveLyrics(db: LyricsTables, songId: string, lines: readonly LyricLine[]): Promise<void> {
  await db.lyrics.put({ songId, lines: lines.map((l) => ({ time: l.time, text: l.text })), updatedAt: Date.now() });
}
