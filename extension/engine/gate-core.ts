/**
 * The output gate's arithmetic, shared by the AudioWorklet processor (gate.worklet.ts) and its
 * unit tests: a gain on every channel of a song's graph that, told to close, ramps to 0 from the
 * very next frame it renders and opens again by itself at a given frame.
 *
 * Why it exists: AudioParam automation posted from the main thread must start a render burst
 * ahead of `currentTime` (envelope.ts, renderAheadSec) or it may land in the past and click, so a
 * Stop heard through the envelope alone is silent only one device callback plus a quantum after
 * the fade. The processor runs on the audio thread and starts its ramp on the first frame it
 * renders after the message, so Stop, Pause, Panic and a song change are silent a fade after the
 * command. The envelope still fades behind it (a render-ahead later, where its ramp is safe), and
 * the gate opens again once the envelope is closed, so nothing can sound in between.
 */
export interface GateClose {
  /** Length of the ramp down, in seconds (0: a cut on the next frame). */
  fadeSec: number;
  /** Context time from which the gate is open again (the envelope's fade is over by then). */
  until: number;
}

export class GateCore {
  /** Gain applied to the next frame. */
  level = 1;
  #step = 0;
  /** Frames left in the ramp down (it ends on exactly 0). */
  #left = 0;
  /** First frame at which the gate is open again; -1: not holding. */
  #openAt = -1;

  constructor(private readonly sampleRate: number) {}

  get closing(): boolean {
    return this.#openAt >= 0;
  }

  /** A close received before rendering frame `frame`. A hold already over (a late message) is ignored. */
  close({ fadeSec, until }: GateClose, frame: number): void {
    const openAt = Math.ceil(until * this.sampleRate);
    if (!(openAt > frame)) return;
    const frames = Math.max(1, Math.round(Math.max(0, fadeSec) * this.sampleRate));
    // A ramp already running that ends sooner keeps going.
    if (this.#left === 0 ? this.level > 0 : frames < this.#left) {
      this.#step = this.level / frames;
      this.#left = frames;
    }
    // Never reopen before this ramp is down, whatever `until` says.
    this.#openAt = Math.max(this.#openAt, openAt, frame + frames);
  }

  /** Applies the gate to one render quantum starting at `frame`; `output[c]` from `input[c]` (missing: silence). */
  process(input: readonly Float32Array[], output: Float32Array[], frame: number): void {
    const length = output[0]?.length ?? 0;
    if (this.#openAt < 0 && this.level === 1) {
      for (let c = 0; c < output.length; c++) copyOrZero(input[c], output[c]!);
      return;
    }
    for (let i = 0; i < length; i++) {
      if (this.#openAt >= 0 && frame + i >= this.#openAt) {
        this.level = 1;
        this.#left = 0;
        this.#openAt = -1;
      }
      const gain = this.level;
      for (let c = 0; c < output.length; c++) output[c]![i] = (input[c]?.[i] ?? 0) * gain;
      if (this.#left > 0) this.level = --this.#left === 0 ? 0 : this.level - this.#step;
    }
  }
}

function copyOrZero(from: Float32Array | undefined, to: Float32Array): void {
  if (from) to.set(from);
  else to.fill(0);
}
