import type { SongRecord } from './store';

/**
 * Lowercase words without accents or apostrophes, so "Café" matches "cafe" and
 * "Don't" matches "dont". Used for both the stored `searchWords` and the typed query.
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function searchWordsOf(song: Pick<SongRecord, 'title' | 'artist' | 'tags'>): string[] {
  return [...new Set(wordsOf([song.title, song.artist, ...song.tags].join(' ')))];
}

/** True when every query word starts one of the song's words (typing "amaz gr" finds "Amazing Grace"). */
export function matchesWords(songWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => songWords.some((w) => w.startsWith(q)));
}
