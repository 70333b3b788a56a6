import { atContextTime } from './clock';
import type { Scheduler } from './scheduler';
import type { LoadedSong } from './song';
import type { Timeline } from './timeline';

/** The outgoing song is parked this long (on the audio clock) after its end: parking early cuts its last frames. */
export const SEGUE_PARK_MS = 150;

/** What a segue needs of the engine. */
export interface SegueHost {
  /** `song` is still the current song and playing (checked again after waiting for the next one to decode). */
  isPlayingCurrent(song: LoadedSong): boolean;
  /** Gives `song` its mixer and scheduler through the engine (its end and timeline hooks), without making it current. */
  activate(song: LoadedSong, context: AudioContext): Scheduler;
  /** The boundary has passed: `song` becomes the current song. */
  takeOver(song: LoadedSong): void;
  /** Schedules what precedes `song` from context time `at` (a 'continue' count-in); returns when its stems start. */
  leadIn(song: LoadedSong, context: AudioContext, at: number): number;
  /** The segue was taken back: whatever `leadIn` scheduled must not sound. */
  cancelLeadIn(): void;
}

/**
 * A segue: the next song's stems are started ahead on the context clock at the exact time the
 * current song's last frame ends, so there is neither a gap nor an overlap ('continue' puts the
 * next song's count-in there first). That time is known
 * only once every stem is scheduled to its end (~2 s ahead), so the segue is armed then.
 */
export class Segue {
  /** When each active song's last frame ends (a segued song's end is known before it takes over). */
  #ends = new Map<string, number>();
  /** The next song, already started on the clock at that end. */
  #armed: { song: LoadedSong; cancelWait: () => void } | null = null;

  constructor(
    private readonly host: SegueHost,
    private readonly timeline: Timeline,
  ) {}

  /** The armed next song, or null. */
  get song(): LoadedSong | null {
    return this.#armed?.song ?? null;
  }

  /** Song `songId`'s last frame ends at context time `at`. */
  endKnown(songId: string, at: number): void {
    this.#ends.set(songId, at);
  }

  /** Starts `next` (the prepared song after `current`) at `current`'s end, if that end is known. */
  async arm(current: LoadedSong, context: AudioContext, next: Promise<LoadedSong> | undefined): Promise<void> {
    const at = this.#ends.get(current.view.id);
    if (this.#armed || at === undefined) return;
    const song = await next?.catch(() => null);
    if (!song) return;
    if (!song.ready) await song.whenReady();
    if (!this.host.isPlayingCurrent(current) || this.#armed || this.#ends.get(current.view.id) !== at) return;
    const scheduler = this.host.activate(song, context);
    scheduler.play(this.host.leadIn(song, context, at));
    this.timeline.record({ kind: 'segue', songId: song.view.id, at: scheduler.timeOf(0) });
    const armed = { song, cancelWait: () => {} };
    this.#armed = armed;
    // On the audio clock (see clock.ts): a timer alone could hand over before the boundary has played.
    armed.cancelWait = atContextTime(context, at + SEGUE_PARK_MS / 1000, () => this.#complete(current.view.id));
  }

  /** Takes an armed segue back: the next song falls silent and is prepared again. */
  cancel(): void {
    const armed = this.#armed;
    if (!armed) return;
    this.#armed = null;
    armed.cancelWait();
    this.host.cancelLeadIn();
    armed.song.park();
  }

  /** The play head moved (pause, seek, jump, another song): no segue stays armed and no known end still applies. */
  reset(): void {
    this.cancel();
    this.#ends.clear();
  }

  #complete(endedId: string): void {
    const armed = this.#armed;
    if (!armed) return;
    this.#armed = null;
    this.#ends.delete(endedId);
    this.host.takeOver(armed.song);
  }
}
