import { TRANSPORT_FADE_MS } from '../../shared/messages';

/** Default length of a transport fade: long enough to avoid a click, short enough to sound like a cut. */
export const DEFAULT_FADE_SEC = TRANSPORT_FADE_MS.default / 1000;
/** The longest fade offered: a Play right after a fade-out waits for it, so it must stay short. */
export const MAX_FADE_SEC = TRANSPORT_FADE_MS.max / 1000;

/**
 * When a fade that starts "now" starts: one render quantum ahead. The automation is read by the
 * audio thread, which may have rendered past the `currentTime` just read before the ramp is in
 * (the main thread pre-empted on a busy machine); a ramp that began in the past would start
 * part-way down: a step. A quantum ahead, the fade still ends within the fade plus one quantum.
 */
export function fadeStartOf(context: BaseAudioContext): number {
  return context.currentTime + 128 / context.sampleRate;
}

/** A fade length from another context, in range (0 turns fades off). */
export function cleanFadeSec(sec: unknown): number {
  const value = Number(sec);
  return Number.isFinite(value) ? Math.min(MAX_FADE_SEC, Math.max(0, value)) : DEFAULT_FADE_SEC;
}

/** One automation point: the gain is `value` at `time`, reached linearly from the previous point if `ramp`. */
interface Point {
  time: number;
  value: number;
  ramp: boolean;
}

/**
 * The gain every transport action goes through, after the master fader: a pause, stop, panic
 * or song change ramps it to 0 before the sources stop, and a jump (loop wrap, bar jump) dips
 * it around the seam, so no action makes a step in the output. Play opens it on the first
 * frame. Linear ramps: the shape only has to be smooth over a few milliseconds.
 *
 * The envelope keeps its own copy of the automation it scheduled, so a fade starts from the
 * exact level of that moment (reading `AudioParam.value` lags the render thread, and a ramp
 * added after a past event would start from that event, not from now).
 */
export class TransportEnvelope {
  readonly node: GainNode;
  // Closed until a start opens it: the scheduler opens it only once every stem's start is in.
  #points: Point[] = [{ time: 0, value: 0, ramp: false }];

  constructor(private readonly context: BaseAudioContext) {
    this.node = new GainNode(context, { gain: 0 });
  }

  /** The level the envelope has at context time `t`. */
  valueAt(t: number): number {
    let before: Point = this.#points[0]!;
    for (const point of this.#points) {
      if (point.time <= t) {
        before = point;
        continue;
      }
      if (!point.ramp) break;
      return before.value + ((point.value - before.value) * (t - before.time)) / (point.time - before.time);
    }
    return before.value;
  }

  /** Ramps to silence from now (see fadeStartOf); returns the context time at which the output is silent. */
  fadeOut(sec: number): number {
    const from = fadeStartOf(this.context);
    this.#from(from);
    if (sec > 0) this.#ramp(0, from + sec);
    else this.#set(0, from);
    return from + sec;
  }

  /**
   * Open from context time `at`, the first frame of a start, whatever was scheduled after it:
   * at full level (a song's first frame, a segue, after a count-in), or ramping up over
   * `rampSec` when resuming mid-song, where the waveform is not at rest.
   */
  openAt(at: number, rampSec = 0): void {
    // A fade-out still running ends before `at` (the scheduler starts after it): only what follows is replaced.
    this.#from(at);
    if (rampSec > 0) {
      this.#set(0, at);
      this.#ramp(1, at + rampSec);
    } else this.#set(1, at);
  }

  /** A seam at context time `at`: down to 0 over `sec` before it and back to 1 over `sec` after. */
  dip(at: number, sec: number): void {
    if (sec <= 0) return;
    const from = Math.max(this.context.currentTime, at - sec);
    this.#from(from);
    this.#ramp(0, at);
    this.#ramp(1, at + sec);
  }

  /** Drops what was scheduled from `t` on and pins the level the envelope has there. */
  #from(t: number): void {
    const value = this.valueAt(t);
    const now = this.context.currentTime;
    // Points long past are no longer needed to know the level (keep the last one before now).
    const kept = this.#points.filter((p) => p.time < t);
    const lastPast = kept.findLastIndex((p) => p.time <= now);
    this.#points = kept.slice(Math.max(0, lastPast));
    // Hold, not cancel: a ramp running through `t` keeps its shape up to `t` instead of vanishing.
    this.node.gain.cancelAndHoldAtTime(t);
    this.#set(value, t);
  }

  #set(value: number, time: number): void {
    this.#points.push({ time, value, ramp: false });
    this.node.gain.setValueAtTime(value, time);
  }

  #ramp(value: number, time: number): void {
    this.#points.push({ time, value, ramp: true });
    this.node.gain.linearRampToValueAtTime(value, time);
  }
}
