import { TRANSPORT_FADE_MS } from '../../shared/messages';
import type { OutputGate } from './output-gate';

/** Default length of a transport fade: long enough to avoid a click, short enough to sound like a cut. */
export const DEFAULT_FADE_SEC = TRANSPORT_FADE_MS.default / 1000;
/** The longest fade offered: a Play right after a fade-out waits for it, so it must stay short. */
export const MAX_FADE_SEC = TRANSPORT_FADE_MS.max / 1000;

const QUANTUM_FRAMES = 128;
/** A device callback when the context does not say (OfflineAudioContext): 4 quanta, as Chrome on Linux. */
const DEFAULT_BURST_QUANTA = 4;
const MAX_BURST_QUANTA = 16;

/**
 * How far ahead of `currentTime` automation must start to be read in time. The audio thread
 * renders a whole device callback at once (measured in the storm bench: 4 quanta, 512 frames, every
 * ~11.6 ms) and `currentTime` jumps by that much. Such a burst can run between reading `currentTime`
 * and the ramp reaching the audio thread; a ramp that then began in the past starts part-way down
 * (a click) or is skipped. One callback (the context's base latency in whole quanta) plus a quantum
 * is past any burst that can come before the ramp is in.
 */
export function renderAheadSec(context: { sampleRate: number; baseLatency?: number }): number {
  const sr = context.sampleRate;
  const base = context.baseLatency ?? 0;
  const burst = base > 0 ? Math.min(MAX_BURST_QUANTA, Math.ceil((base * sr) / QUANTUM_FRAMES)) : DEFAULT_BURST_QUANTA;
  return ((burst + 1) * QUANTUM_FRAMES) / sr;
}

/**
 * When a fade that starts "now" starts: the render-ahead from now (see renderAheadSec). `now`: a
 * clock read the caller already placed something with (read again, it may be a callback later).
 */
export function fadeStartOf(context: BaseAudioContext, now = context.currentTime): number {
  return now + renderAheadSec(context);
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

  constructor(
    private readonly context: BaseAudioContext,
    /** The graph's output gate, closed with every fade-out (absent in offline renders). */
    private readonly gate: OutputGate | null = null,
  ) {
    this.node = new GainNode(context, { gain: 0 });
  }

  /**
   * The graph's output is heard: its gate's processor runs on the audio thread (no gate: always).
   * A start waits for it; before, the gate node outputs silence, and a song started then would
   * come in mid-wave when it appears (a step heard at the tap on a first Play).
   */
  get isLive(): boolean {
    return this.gate?.running ?? true;
  }

  whenLive(): Promise<void> {
    return this.gate?.ready ?? Promise.resolve();
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

  /**
   * Ramps to silence. Returns `closed`, the context time at which the envelope is at 0 (the
   * sources may stop, this graph may start again), and `silent`, when the output is silent
   * (another song may start).
   *
   * With a gate, the gate fades from the next frame rendered and stays closed until the next
   * start, so `silent` is a fade (and a quantum of margin) from now; the envelope fades behind it
   * a render-ahead later, where its ramp cannot land in the past. Without one, the envelope's
   * fade starts the render-ahead from now (see fadeStartOf), or one quantum ahead where the fade
   * holds up something the performer waits for (`prompt`: a song change), at the risk of a step
   * when a render burst lands in between.
   */
  fadeOut(sec: number, prompt = false): { closed: number; silent: number } {
    const nextQuantum = this.context.currentTime + QUANTUM_FRAMES / this.context.sampleRate;
    const from = prompt && !this.gate ? nextQuantum : fadeStartOf(this.context);
    this.gate?.close(sec);
    this.#from(from);
    if (sec > 0) this.#ramp(0, from + sec);
    else this.#set(0, from);
    return { closed: from + sec, silent: (this.gate ? nextQuantum : from) + sec };
  }

  /**
   * Open from context time `at`, the first frame of a start, whatever was scheduled after it:
   * at full level (a song's first frame, a segue, after a count-in), or ramping up over
   * `rampSec` when resuming mid-song, where the waveform is not at rest.
   *
   * With a gate, the gate makes the opening and the envelope is simply at 1 from `at`: the gate
   * reads its message on the audio thread, after this automation is in, so the envelope is open
   * wherever the gate lets sound through. Should the audio thread already be past `at` (it can
   * render a whole callback while this runs), the gate ramps up over `lateRampSec` from where it
   * is instead of coming in mid-wave. Without one, the envelope ramps itself, from `at`.
   */
  openAt(at: number, rampSec = 0, lateRampSec = DEFAULT_FADE_SEC): void {
    // A fade-out still running ends before `at` (the scheduler starts after it): only what follows is replaced.
    if (rampSec > 0 && !this.gate) this.rampUpFrom(at, rampSec);
    else {
      this.#from(at);
      this.#set(1, at);
    }
    this.gate?.open(at, rampSec, lateRampSec);
  }

  /**
   * Ramps up from context time `at` over `sec`, in the envelope alone: a seam that started late,
   * mid-song, behind an open gate (see closeAt).
   */
  rampUpFrom(at: number, sec: number): void {
    this.#from(at);
    this.#set(0, at);
    if (sec > 0) this.#ramp(1, at + sec);
    else this.#set(1, at);
  }

  /**
   * Lets what joins after the envelope (the count-in) out from context time `at`: the gate opens
   * there at full level; the envelope is left as it is.
   */
  admitFrom(at: number): void {
    this.gate?.open(at, 0, DEFAULT_FADE_SEC);
  }

  /**
   * Closes at context time `t` at once. Only over silence: a seam that starts late leaves a gap
   * with nothing sounding after its dip, and the envelope must be at 0 before the late start, not
   * at it. The audio thread may round the start of a source and an automation event at the same
   * time to different frames: one frame at full level, a click, was heard at the tap.
   */
  closeAt(t: number): void {
    this.#from(t);
    this.#set(0, t);
  }

  /**
   * A seam at context time `at`: down to 0 over `sec` before it and back to 1 over `sec` after.
   * `ahead`: the render-ahead from the clock read that placed the seam. Reading the clock again
   * here could see it a render burst later, and the dip, clamped to that, would be a step.
   */
  dip(at: number, sec: number, ahead = fadeStartOf(this.context)): void {
    if (sec <= 0) return;
    // Not before the render-ahead (a seam committed close to now dips faster instead of stepping).
    const from = Math.min(at, Math.max(ahead, at - sec));
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
