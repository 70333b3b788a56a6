import type { SetlistEnd } from '../../shared/messages';

/**
 * The play order (a setlist, or the library by title) and what each song does at its end.
 * Next, Previous, a song's end, the segue and the songs to prepare all read this one order,
 * so it lives apart from the engine that acts on it.
 */
export class PlayQueue {
  #order: readonly string[] = [];
  /** Setlist end behaviours by song id; empty when playing from the library (every song stops). */
  #ends = new Map<string, SetlistEnd>();

  get order(): readonly string[] {
    return this.#order;
  }

  get length(): number {
    return this.#order.length;
  }

  indexOf(songId: string): number {
    return this.#order.indexOf(songId);
  }

  /** Plays `order` from `songId`; a song that is not in it is queued alone. */
  playFrom(songId: string, order: readonly string[]): void {
    this.#order = order.includes(songId) ? [...order] : [songId];
  }

  /** A new order while `currentId` plays: a current song left out of it stays queued, first. */
  reorder(order: readonly string[], currentId: string | undefined): void {
    this.#order = currentId && !order.includes(currentId) ? [currentId, ...order] : [...order];
  }

  /** The song after `songId`; the first one when `songId` is not queued (or none). */
  next(songId: string | undefined): string | undefined {
    return this.#order[this.#order.indexOf(songId ?? '') + 1];
  }

  /** The song before `songId`, or undefined. */
  previous(songId: string | undefined): string | undefined {
    return this.#order[this.#order.indexOf(songId ?? '') - 1];
  }

  /** The songs to keep prepared around `songId`: the next one first, then the previous one. */
  neighbours(songId: string): string[] {
    const index = this.#order.indexOf(songId);
    if (index < 0) return [];
    return [this.#order[index + 1], this.#order[index - 1]].filter((id): id is string => id !== undefined && id !== songId);
  }

  /** What `songId` does at its end: 'stop' unless a setlist says otherwise. */
  endOf(songId: string): SetlistEnd {
    return this.#ends.get(songId) ?? 'stop';
  }

  get ends(): Record<string, SetlistEnd> {
    return Object.fromEntries(this.#ends);
  }

  /** Replaces every end behaviour (none: every song stops at its end). */
  setEnds(ends: Iterable<readonly [string, SetlistEnd]>): void {
    this.#ends = new Map(ends);
  }
}
