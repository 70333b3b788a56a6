import { matchesWords, wordsOf } from './search-words';
import type { SongRecord } from './store';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Songs in the order the library lists them: by title, then artist. */
export function sortSongs(songs: readonly SongRecord[]): SongRecord[] {
  return [...songs].sort((a, b) => collator.compare(a.title, b.title) || collator.compare(a.artist, b.artist));
}

/**
 * Filters the songs already in memory (records without audio, a few hundred bytes each).
 * Measured on 1,000 songs in Chromium it takes well under a millisecond, so it runs on
 * every keystroke with no index round trip; order is kept, so sort once before.
 */
export function searchSongs(sortedSongs: readonly SongRecord[], query: string): readonly SongRecord[] {
  const queryWords = wordsOf(query);
  if (queryWords.length === 0) return sortedSongs;
  return sortedSongs.filter((song) => matchesWords(song.searchWords, queryWords));
}
