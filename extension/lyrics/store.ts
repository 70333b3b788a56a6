import type { EntityTable } from 'dexie';
import { hasWordStamps, readWords } from './lrc-stamps';

/** One word of an enhanced (A2) LRC line: sung from `time`; `text` keeps its spacing. */
export interface LyricWord {
  time: number;
  text: string;
}

export interface LyricLine {
  /** Seconds from the song's start; null until stamped (tap-to-sync). */
  time: number | null;
  /** The line as shown: never holds word stamps. */
  text: string;
  /** Per-word times (enhanced LRC), in order; absent for plain lines. */
  words?: LyricWord[];
}

export interface LyricsRecord {
  songId: string;
  lines: LyricLine[];
  /** The LRC file's metadata tags ([ti:], [ar:], [length:], …; keys lowercased), written back on export. */
  tags?: Record<string, string>;
  updatedAt: number;
}

export interface LyricsTables {
  lyrics: EntityTable<LyricsRecord, 'songId'>;
}

/** The lyrics' store by the schema version that added it (db/schema.ts composes every store). */
export const LYRICS_STORES = {
  3: { lyrics: 'songId' },
} as const;

const isWord = (w: unknown): w is LyricWord =>
  typeof w === 'object' && w !== null && typeof (w as LyricWord).text === 'string' && Number.isFinite((w as LyricWord).time);

/**
 * Stored lines come from older versions and backups: keep what is valid. Lines imported before
 * word timing existed hold raw `<mm:ss.xx>` stamps in their text; they are read into words here.
 */
export function normalizeLine(line: LyricLine): LyricLine {
  const time = typeof line.time === 'number' && Number.isFinite(line.time) ? line.time : null;
  const text = typeof line.text === 'string' ? line.text : '';
  if (Array.isArray(line.words) && line.words.length && line.words.every(isWord)) return { time, text, words: line.words.map((w) => ({ time: w.time, text: w.text })) };
  if (!hasWordStamps(text)) return { time, text };
  const read = readWords(text, time ?? 0);
  return read.words && time !== null ? { time, text: read.text, words: read.words } : { time, text: read.text };
}

/** A song's lyrics record, normalised; undefined when it has none. */
export async function lyricsOf(db: LyricsTables, songId: string): Promise<LyricsRecord | undefined> {
  const record = await db.lyrics.get(songId);
  if (!record) return undefined;
  const tags = typeof record.tags === 'object' && record.tags !== null ? Object.fromEntries(Object.entries(record.tags).filter(([, v]) => typeof v === 'string')) : {};
  return { ...record, lines: Array.isArray(record.lines) ? record.lines.map(normalizeLine) : [], tags };
}

/** Without `tags` the stored ones are kept (a tap or a nudge does not touch the file's metadata). */
export async function saveLyrics(db: LyricsTables, songId: string, lines: readonly LyricLine[], tags?: Record<string, string>, updatedAt = Date.now()): Promise<void> {
  const previous = tags ?? (await db.lyrics.get(songId))?.tags;
  await db.lyrics.put({
    songId,
    lines: lines.map((l) => (l.words?.length ? { time: l.time, text: l.text, words: l.words.map((w) => ({ time: w.time, text: w.text })) } : { time: l.time, text: l.text })),
    ...(previous && Object.keys(previous).length ? { tags: { ...previous } } : {}),
    updatedAt,
  });
}
