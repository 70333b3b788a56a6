/**
 * The output gate's arithmetic, shared by the AudioWorklet processor (gate.worklet.ts) and its
 * unit tests: a gain on every channel of a song's graph, closed until a start opens it, that
 * decides on the audio thread, frame by frame, what the main thread can only guess.
 *
 * Why it exists: the main thread reads `currentTime` and schedules automation, and the audio thread
 * may render a whole device callback in between. A ramp that then lands in the past starts
 * part-way (a click), and a start whose opening lands a callback late comes in mid-wave (a step
 * heard at the tap on a Play from silence, 5 ms after the song's first frame). The processor applies
 * each message at its next render call, against the frame that call renders (gate.worklet.ts), so:
 *   - close: ramps to 0 from the very next frame, and stays closed (Stop, Pause, Panic and a song
 *     change are silent a fade after the command; the envelope fades behind it, a render-ahead later);
 *   - open: at the start's exact frame (full level from the top, a ramp mid-song); a message that
 *     arrives after that frame, or while a ramp down still runs, ramps up from where it is instead.
 *     Nothing the gate does is ever a step.
 */
export interface GateClose {
  kind: 'close';
  /** Length of the ramp down, in seconds (0: a cut on the next frame). */
  fadeSec: number;
}

export interface GateOpen {
  kind: 'open';
  /** Context time of the start's first frame. */
  at: number;
  /** 0: full level on that frame (a song's top, at rest); else a ramp up from it. */
  rampSec: number;
  /** The ramp up when the message comes too late for `at`. */
  lateRampSec: number;
}

export type GateMessage = GateClose | GateOpen;

/**
 * What the processor posts once it exists. Until the audio thread has built it, an
 * AudioWorkletNode outputs silence: a song started before then would be heard only from that
 * moment, mid-wave (a step), so a start waits for this (see OutputGate.ready).
 */
export const GATE_RUNNING = 'gate-running';

export class GateCore {
  /** Gain applied to the next frame: closed until a start opens it. */
  level = 0;
  #target = 0;
  #step = 0;
  /** Frames left in the running ramp (it ends on exactly `#target`). */
  #left = 0;
  /** A pending open: its first frame and ramp length in frames; null: none. */
  #open: { frame: number; ramp: number } | null = null;

  constructor(private readonly sampleRate: number) {}

  /** True while nothing is pending or ramping and the gate passes audio untouched. */
  get isOpen(): boolean {
    return this.level === 1 && this.#left === 0 && !this.#open;
  }

  /** A message received before rendering frame `frame`. */
  receive(message: GateMessage, frame: number): void {
    if (message.kind === 'close') this.close(message.fadeSec);
    else this.open(message, frame);
  }

  /** Ramps to 0 from the next frame rendered, and stays closed (a pending open is dropped). */
  close(fadeSec: number): void {
    this.#open = null;
    // A ramp down already running keeps going if it ends sooner.
    if (this.#left > 0 && this.#target === 0 && this.#left <= this.#frames(fadeSec)) return;
    if (this.level === 0) {
      this.#left = 0;
      this.#target = 0;
      return;
    }
    this.#rampTo(0, this.#frames(fadeSec));
  }

  open({ at, rampSec, lateRampSec }: GateOpen, frame: number): void {
    if (this.isOpen) return;
    const first = Math.round(at * this.sampleRate);
    // The earliest frame it may open on: the next one rendered, or where a ramp down ends.
    const earliest = this.#left > 0 && this.#target === 0 ? frame + this.#left : frame;
    const late = first < earliest;
    // Too late for its frame: up from where it is, over the late ramp.
    const from = late ? earliest : first;
    const ramp = late ? Math.max(this.#frames(rampSec), this.#frames(lateRampSec)) : Math.round(Math.max(0, rampSec) * this.sampleRate);
    // A pending open that starts sooner (a count-in before its song) stays.
    if (this.#open && this.#open.frame <= from) return;
    this.#open = { frame: from, ramp };
  }

  /** Applies the gate to one render quantum starting at `frame`; `output[c]` from `input[c]` (missing: silence). */
  process(input: readonly Float32Array[], output: Float32Array[], frame: number): void {
    const length = output[0]?.length ?? 0;
    const opening = this.#open && this.#open.frame < frame + length;
    if (this.#left === 0 && !opening && (this.level === 1 || this.level === 0)) {
      for (let c = 0; c < output.length; c++) {
        if (this.level === 1) copyOrZero(input[c], output[c]!);
        else output[c]!.fill(0);
      }
      return;
    }
    for (let i = 0; i < length; i++) {
      const open = this.#open;
      if (open && frame + i >= open.frame) {
        this.#open = null;
        if (open.ramp === 0) {
          this.level = 1;
          this.#left = 0;
          this.#target = 1;
        } else this.#rampTo(1, open.ramp);
      }
      const gain = this.level;
      for (let c = 0; c < output.length; c++) output[c]![i] = (input[c]?.[i] ?? 0) * gain;
      if (this.#left > 0) this.level = --this.#left === 0 ? this.#target : this.level + this.#step;
    }
  }

  /** Ramps from the current level to `target` over `frames` frames (at least one), the first step on the next frame. */
  #rampTo(target: number, frames: number): void {
    const n = Math.max(1, frames);
    this.#target = target;
    this.#step = (target - this.level) / n;
    this.#left = n;
  }

  #frames(sec: number): number {
    return Math.max(1, Math.round(Math.max(0, sec) * this.sampleRate));
  }
}

function copyOrZero(from: Float32Array | undefined, to: Float32Array): void {
  if (from) to.set(from);
  else to.fill(0);
}
