/** Default length of a transport fade: long enough to avoid a click, short enough to sound like a cut. */
export const DEFAULT_FADE_SEC = 0.008;
/** At most the stems' start lead, so a fade-out is over before a Play right after it starts. */
export const MAX_FADE_SEC = 0.02;

/** A fade length from another context, in range (0 turns fades off). */
export function cleanFadeSec(sec: unknown): number {
  const value = Number(sec);
  return Number.isFinite(value) ? Math.min(MAX_FADE_SEC, Math.max(0, value)) : DEFAULT_FADE_SEC;
}

/**
 * The gain every transport action goes through, after the master fader: a pause, stop, panic
 * or song change ramps it to 0 before the sources stop, and a jump (loop wrap, bar jump) dips
 * it around the seam, so no action makes a step in the output. Play opens it at full level on
 * the first frame. Linear ramps: the shape only has to be smooth over a few milliseconds.
 */
export class TransportEnvelope {
  readonly node: GainNode;

  constructor(private readonly context: BaseAudioContext) {
    this.node = new GainNode(context, { gain: 1 });
  }

  /** Ramps to silence from now; returns the context time at which the output is silent. */
  fadeOut(sec: number): number {
    const now = this.context.currentTime;
    const gain = this.node.gain;
    const end = now + sec;
    // Hold whatever the envelope is doing now (a dip, an open) and ramp down from there.
    gain.cancelAndHoldAtTime(now);
    if (sec > 0) gain.linearRampToValueAtTime(0, end);
    else gain.setValueAtTime(0, now);
    return end;
  }

  /** Full level from context time `at` (the first frame of a start), whatever was scheduled before. */
  openAt(at: number): void {
    // A fade-out still running ends before `at` (MAX_FADE_SEC): only what follows is replaced.
    const gain = this.node.gain;
    gain.cancelScheduledValues(at);
    gain.setValueAtTime(1, at);
  }

  /** A seam at context time `at`: down to 0 over `sec` before it and back to 1 over `sec` after. */
  dip(at: number, sec: number): void {
    if (sec <= 0) return;
    const gain = this.node.gain;
    const from = Math.max(this.context.currentTime, at - sec);
    gain.cancelScheduledValues(from);
    gain.setValueAtTime(1, from);
    gain.linearRampToValueAtTime(0, at);
    gain.linearRampToValueAtTime(1, at + sec);
  }
}
