import { DROPOUTS_KEPT, type Dropout, type TrackDropouts } from '../../shared/messages';

/** Two gaps of one stem closer than this are one dropout (a slow disk misses several chunks in a row). */
const MERGE_GAP_SEC = 1;

/**
 * What went wrong with the current song's stems, for the player and the engine status: each
 * underrun (audio that came too late, a silent stretch) and decode error, and totals since the
 * engine started. A dropout is never silent: it is counted and shown.
 */
export class DropoutLog {
  #list: Dropout[] = [];
  /** Per track of the current song: every dropout counted, where the list keeps only the last ones. */
  #perTrack = new Map<string, TrackDropouts>();
  readonly counters = { underruns: 0, decodeErrors: 0, retriedStarts: 0, delayedSeams: 0 };

  constructor(private readonly now: () => number = Date.now) {}

  get list(): readonly Dropout[] {
    return this.#list;
  }

  /** The current song's tracks that had a dropout, by track id. */
  get perTrack(): Record<string, TrackDropouts> {
    return Object.fromEntries([...this.#perTrack].map(([id, counts]) => [id, { ...counts }]));
  }

  underrun(where: Pick<Dropout, 'songId' | 'trackId' | 'trackName'>, atSec: number, silentSec: number): void {
    const last = this.#list.findLast((d) => d.kind === 'underrun' && d.songId === where.songId && d.trackId === where.trackId);
    if (last && atSec >= last.atSec && atSec - (last.atSec + last.silentSec) < MERGE_GAP_SEC) {
      const merged = { ...last, silentSec: atSec + silentSec - last.atSec, at: this.now() };
      this.#list = this.#list.map((d) => (d === last ? merged : d));
      return;
    }
    this.counters.underruns++;
    this.#track(where).underruns++;
    this.#push({ kind: 'underrun', ...where, atSec, silentSec, at: this.now() });
  }

  decodeError(where: Pick<Dropout, 'songId' | 'trackId' | 'trackName'>, atSec: number, message: string): void {
    this.counters.decodeErrors++;
    this.#track(where).decodeErrors++;
    this.#push({ kind: 'decode-error', ...where, atSec, silentSec: 0, message, at: this.now() });
  }

  /** Another song became current: its own dropouts start empty (the totals stay). */
  clear(): void {
    this.#list = [];
    this.#perTrack.clear();
  }

  #track({ trackId, trackName }: Pick<Dropout, 'trackId' | 'trackName'>): TrackDropouts {
    let counts = this.#perTrack.get(trackId);
    if (!counts) this.#perTrack.set(trackId, (counts = { trackName, underruns: 0, decodeErrors: 0 }));
    return counts;
  }

  #push(dropout: Dropout): void {
    this.#list = [...this.#list, dropout].slice(-DROPOUTS_KEPT);
  }
}
