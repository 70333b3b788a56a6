import type { LibraryDb } from '../library/db';
import type { LyricLine } from '../library/schema';

export async function loadLyrics(db: Pick<LibraryDb, 'lyrics'>, songId: string): Promise<LyricLine[]> {
  return (await db.lyrics.get(songId))?.lines ?? [];
}

export async function saveLyrics(db: Pick<LibraryDb, 'lyrics'>, songId: string, lines: readonly LyricLine[]): Promise<void> {
  await db.lyrics.put({ songId, lines: lines.map((l) => ({ time: l.time, text: l.text })), updatedAt: Date.now() });
}
