import type { SetlistEntry } from './store';

/** A song picked in the library during a show, to play right after `after` (the song playing then). */
export interface Cue {
  songId: string;
  after: string;
}

/**
 * The show's entries with the cued songs in place; the stored setlist is left as the performer
 * made it. A cued song is taken out of its other places: the engine's play order holds each song
 * once. It keeps its setlist end behaviour if it has one, else it stops at its end (then the
 * performer decides). An anchor that is not in the setlist puts the song first: the engine keeps
 * the playing song ahead of an order that leaves it out.
 */
export function withCues(entries: readonly SetlistEntry[], cues: readonly Cue[]): SetlistEntry[] {
  let out = [...entries];
  for (const cue of cues) {
    const end = out.find((e) => e.songId === cue.songId)?.end ?? 'stop';
    out = out.filter((e) => e.songId !== cue.songId);
    out.splice(out.findIndex((e) => e.songId === cue.after) + 1, 0, { songId: cue.songId, end, skip: false });
  }
  return out;
}
