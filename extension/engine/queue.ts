import type { SetlistEnd } from '../../shared/messages';

/**
 * The play order (a setlist, or the library by title) and what each song does at its end.
 * Next, Previous, a song's end, the segue and the songs to prepare all read this one order,
 * so it lives apart from the engine that acts on it.
 *
 * A setlist may hold a song twice ([A, B, A, C]), so the queue keeps the position of the entry
 * playing, not just its song: the engine asks by song id, and the queue answers from the entry it
 * is at. When the engine's song is not the entry's any more, it has moved to the entry the queue
 * last answered with (Next, Previous, the song's end), or else to that song's entry nearest to
 * where the queue was.
 */
export class PlayQueue {
  #order: readonly string[] = [];
  /** Position of the entry playing (-1: none). */
  #at = -1;
  /** The position last answered by next() or previous(): where the engine goes if it follows. */
  #answered: number | null = null;
  /** Setlist end behaviours, one per entry in the order they were given, and by song id as a fallback. */
  #endList: (readonly [string, SetlistEnd])[] = [];
  #endOffset = 0;
  #ends = new Map<string, SetlistEnd>();

  get order(): readonly string[] {
    return this.#order;
  }

  get length(): number {
    return this.#order.length;
  }

  /** Position of the entry playing `songId` (-1 when it is not queued). */
  indexOf(songId: string): number {
    return this.#resolve(songId);
  }

  /** Plays `order` from `songId` (its entry at `index` when given, else its first); a song that is not in it is queued alone. */
  playFrom(songId: string, order: readonly string[], index?: number): void {
    this.#answered = null;
    if (!order.includes(songId)) {
      this.#order = [songId];
      this.#at = 0;
      return;
    }
    this.#order = [...order];
    this.#endOffset = 0;
    this.#at = index !== undefined && order[index] === songId ? index : order.indexOf(songId);
  }

  /** A new order while `currentId` plays: a current song left out of it stays queued, first. */
  reorder(order: readonly string[], currentId: string | undefined): void {
    const was = this.#at;
    const prepend = !!currentId && !order.includes(currentId);
    this.#order = prepend ? [currentId, ...order] : [...order];
    this.#endOffset = prepend ? 1 : 0;
    this.#answered = null;
    this.#at = currentId ? this.#nearest(currentId, Math.max(0, was)) : -1;
  }

  /** The song after `songId`; the first one when `songId` is not queued (or none). */
  next(songId: string | undefined): string | undefined {
    return this.#answer(this.#resolve(songId) + 1);
  }

  /** The song before `songId`, or undefined. */
  previous(songId: string | undefined): string | undefined {
    const at = this.#resolve(songId);
    return at < 0 ? undefined : this.#answer(at - 1);
  }

  /** The songs to keep prepared around `songId`: the next one first, then the previous one. */
  neighbours(songId: string): string[] {
    const index = this.#resolve(songId);
    if (index < 0) return [];
    const ids = [this.#order[index + 1], this.#order[index - 1]].filter((id): id is string => id !== undefined && id !== songId);
    return [...new Set(ids)];
  }

  /** What `songId` does at its end (its entry's): 'stop' unless a setlist says otherwise. */
  endOf(songId: string): SetlistEnd {
    const entry = this.#endList[this.#resolve(songId) - this.#endOffset];
    return entry?.[0] === songId ? entry[1] : (this.#ends.get(songId) ?? 'stop');
  }

  /** By song id (the status contract); a song twice keeps its first entry's here. */
  get ends(): Record<string, SetlistEnd> {
    return Object.fromEntries([...this.#endList].reverse());
  }

  /** Replaces every end behaviour, one per entry of the order that follows (none: every song stops at its end). */
  setEnds(ends: Iterable<readonly [string, SetlistEnd]>): void {
    this.#endList = [...ends];
    this.#endOffset = 0;
    this.#ends = new Map([...this.#endList].reverse());
  }

  #answer(index: number): string | undefined {
    const id = this.#order[index];
    this.#answered = id === undefined ? null : index;
    return id;
  }

  /** Where `songId` plays: the current entry, else the entry last answered, else its entry nearest to the current one. */
  #resolve(songId: string | undefined): number {
    if (songId === undefined) return -1;
    if (this.#order[this.#at] !== songId) {
      const answered = this.#answered;
      this.#at = answered !== null && this.#order[answered] === songId ? answered : this.#nearest(songId, Math.max(0, this.#at));
      this.#answered = null;
    }
    return this.#at;
  }

  /** The position of `songId` nearest to `from` (later first on a tie), or -1. */
  #nearest(songId: string, from: number): number {
    let best = -1;
    this.#order.forEach((id, i) => {
      if (id === songId && (best < 0 || Math.abs(i - from) < Math.abs(best - from) || (Math.abs(i - from) === Math.abs(best - from) && i > best))) best = i;
    });
    return best;
  }
}
