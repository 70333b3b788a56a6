import type { CountInSettings, SongView } from '../../shared/messages';
import { countInOf } from './bar-grid';
import { tempoMapOf } from './tempo-map';
import { ClickTrack } from './click';
import { MAX_GAIN_DB, MIN_GAIN_DB } from './mix';
import type { LoadedSong } from './song';
import type { Timeline } from './timeline';

export const MAX_COUNT_IN_BARS = 8;
/** The first click is this far ahead, like the stems' own start, so its start() reaches the audio thread in time. */
const FIRST_CLICK_LEAD_SEC = 0.03;

/** Settings from another context, kept to whole bars (0–8) and the fader's range. */
export function cleanCountIn(settings: CountInSettings): CountInSettings {
  return {
    countInBars: Math.max(0, Math.min(MAX_COUNT_IN_BARS, Math.round(settings.countInBars) || 0)),
    countInGainDb: Math.max(MIN_GAIN_DB, Math.min(MAX_GAIN_DB, Number(settings.countInGainDb) || 0)),
  };
}

export interface CountInPlan {
  /** Context times of the clicks; the first beat of each bar is accented. */
  clicks: { at: number; accent: boolean }[];
  /** Context time of the song's first frame: one beat after the last click. */
  songStartsAt: number;
}

/**
 * The clicks before a song that starts playing at context time `now` from `fromFrame`, or null:
 * only a start from the top counts in, and only with a usable tempo and at least one bar.
 */
export function planCountIn(
  song: Pick<SongView, 'bpm' | 'timeSignature' | 'tempoChanges'>,
  settings: CountInSettings,
  fromFrame: number,
  sampleRate: number,
  now: number,
  /** The first click's context time when it is already on the frame grid (a 'continue' at the previous song's end). */
  at?: number,
): CountInPlan | null {
  const map = tempoMapOf(song, song.tempoChanges ?? [], sampleRate);
  if (fromFrame !== 0 || !map || settings.countInBars <= 0) return null;
  // At the song's first tempo and metre (a marker at 0:00 may set them).
  const plan = countInOf(settings.countInBars, map);
  // On a whole frame, so the song's start that follows is on the stems' frame grid too.
  const t0 = at ?? Math.ceil((now + FIRST_CLICK_LEAD_SEC) * sampleRate) / sampleRate;
  return {
    clicks: plan.clicks.map(({ frame, accent }) => ({ at: t0 + frame / sampleRate, accent })),
    songStartsAt: t0 + plan.lengthFrames / sampleRate,
  };
}

/**
 * Plays a song's count-in on its own click track (not the song's master, so a muted mix still
 * counts in). Pause, stop, seek and song changes cancel the clicks that have not sounded yet.
 */
export class CountIn {
  #click: ClickTrack | null = null;

  constructor(private readonly timeline: Timeline) {}

  /** Schedules the clicks (from `at`, or as soon as possible); returns the context time at which the song's stems start, or undefined (no count-in). */
  start(context: AudioContext, song: LoadedSong, fromFrame: number, at?: number): number | undefined {
    const plan = planCountIn(song.view, song.show, fromFrame, context.sampleRate, context.currentTime, at);
    if (!plan) return undefined;
    this.#click?.dispose();
    const click = new ClickTrack(context, song.show.countInGainDb, song.graph?.countInInput);
    this.#click = click;
    for (const { at, accent } of plan.clicks) {
      click.click(at, accent);
      this.timeline.record({ kind: 'click', songId: song.view.id, at, accent });
    }
    // The count-in joins after the song's envelope but leaves through its gate, closed until a start.
    if (plan.clicks[0]) song.graph?.envelope.admitFrom(plan.clicks[0].at);
    return plan.songStartsAt;
  }

  setGainDb(gainDb: number): void {
    this.#click?.setGainDb(gainDb);
  }

  /** Clicks not yet heard never sound; one sounding fades out over `fadeSec`. */
  cancel(fadeSec = 0): void {
    this.#click?.cancel(fadeSec);
  }
}
