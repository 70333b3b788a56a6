/**
 * Stateful polyphase windowed-sinc resampler (file rate -> AudioContext rate).
 *
 * Why not let Web Audio resample buffers at the file's rate: each AudioBufferSourceNode
 * interpolates on its own, so the joins between streamed chunks are not continuous.
 * Here the output is a pure function of the absolute output frame: output frame k reads
 * input around k * inRate / outRate in exact integer arithmetic, so there is no drift,
 * chunking and seeking do not change a single sample, and stems with equal input stay equal.
 */
/** Buffers larger than this, and than four times the call that used them, are given back. */
const SHRINK_FRAMES = 65_536;

export class Resampler {
  /** Output frames per input frame is L / M. */
  private readonly L: number;
  private readonly M: number;
  /** Taps each side of the centre, in input frames. */
  private readonly W: number;
  /** L rows of 2W taps, one row per output phase. */
  private readonly table: Float32Array;
  /** Per phase p: input frames to advance and the next phase (p + M = step * L + next), so the hot loop does not divide. */
  private readonly step: Int32Array;
  private readonly nextPhase: Int32Array;
  /**
   * Per channel, the input from frame `tailStart` on: what the previous call kept, then this
   * call's input (`held` frames). Reused from call to call, like `out`: a 48 kHz song in a 44.1 kHz
   * context resamples every stem, and fresh arrays per packet were megabytes a second of garbage
   * for the decode worker's collector (its memory grew with them).
   */
  private buf: Float32Array[];
  private held = 0;
  private tailStart: number;
  /** Per channel output, reused: process() returns views into it. */
  private out: Float32Array[];
  /** Centre input frame and phase of the next output frame. */
  private i: number;
  private p: number;

  /**
   * @param startFrame the first output frame wanted (absolute, at outRate); the caller feeds input
   *   starting at `firstInputFrame` (frames before 0 are zeros).
   */
  constructor(
    inRate: number,
    outRate: number,
    readonly channels: number,
    startFrame = 0,
    halfWidth = 12,
  ) {
    const g = gcd(inRate, outRate);
    this.L = outRate / g;
    this.M = inRate / g;
    // Downsampling: lower the cutoff below the output Nyquist and widen the kernel to match.
    const cutoff = Math.min(1, this.L / this.M);
    this.W = Math.ceil(halfWidth / cutoff);
    this.table = buildTable(this.L, this.W, cutoff);
    this.step = Int32Array.from({ length: this.L }, (_, p) => Math.floor((p + this.M) / this.L));
    this.nextPhase = Int32Array.from({ length: this.L }, (_, p) => (p + this.M) % this.L);
    const pos = startFrame * this.M;
    this.i = Math.floor(pos / this.L);
    this.p = pos - this.i * this.L;
    this.tailStart = this.i - this.W + 1;
    this.buf = Array.from({ length: channels }, () => new Float32Array(0));
    this.out = Array.from({ length: channels }, () => new Float32Array(0));
  }

  /** The absolute input frame the first call to process() must start with. */
  get firstInputFrame(): number {
    return this.tailStart;
  }

  /**
   * Feeds contiguous input (one array per channel) and returns every output frame it completes.
   * The returned arrays are views the next call overwrites: copy what must be kept.
   */
  process(input: Float32Array[]): Float32Array[] {
    const frames = input[0]?.length ?? 0;
    const total = this.held + frames;
    for (let c = 0; c < this.channels; c++) {
      this.buf[c] = room(this.buf[c]!, total, this.held);
      this.buf[c]!.set((input[c] ?? input[0]!).subarray(0, frames), this.held);
    }
    const avail = this.tailStart + total;
    const { W, table, step, nextPhase } = this;
    const taps = 2 * W;
    // Count the outputs whose last tap (i + W) is available; the state after them.
    let count = 0;
    let endI = this.i;
    let endP = this.p;
    for (; endI + W <= avail - 1; count++) {
      endI += step[endP]!;
      endP = nextPhase[endP]!;
    }
    const offset = 1 - W - this.tailStart;
    for (let c = 0; c < this.channels; c++) {
      const x = this.buf[c]!;
      const y = (this.out[c] = room(this.out[c]!, count, 0));
      let i = this.i;
      let p = this.p;
      for (let k = 0; k < count; k++) {
        const base = i + offset;
        const row = p * taps;
        let sum = 0;
        for (let t = 0; t < taps; t++) sum += x[base + t]! * table[row + t]!;
        y[k] = sum;
        i += step[p]!;
        p = nextPhase[p]!;
      }
    }
    this.i = endI;
    this.p = endP;
    // Keep the input the next outputs still read, at the front of each buffer.
    const keepFrom = this.i - W + 1;
    const drop = keepFrom - this.tailStart;
    this.held = total - drop;
    for (let c = 0; c < this.channels; c++) {
      this.buf[c]!.copyWithin(0, drop, total);
      // A long gap of silence in the file grew the buffers far past a packet: give that memory back.
      if (this.buf[c]!.length > Math.max(SHRINK_FRAMES, 4 * total)) this.buf[c] = this.buf[c]!.slice(0, Math.max(this.held, 2 * total));
    }
    this.tailStart = keepFrom;
    const views = this.out.map((y) => y.subarray(0, count));
    for (let c = 0; c < this.channels; c++) if (this.out[c]!.length > Math.max(SHRINK_FRAMES, 4 * count)) this.out[c] = new Float32Array(0);
    return views;
  }

  /** End of input: pads with zeros so the last input frames reach the output. */
  flush(): Float32Array[] {
    return this.process(Array.from({ length: this.channels }, () => new Float32Array(2 * this.W)));
  }
}

/** `array`, or a larger copy of its first `keep` values when it holds fewer than `length` (grown geometrically). */
function room(array: Float32Array, length: number, keep: number): Float32Array {
  if (array.length >= length) return array;
  const grown = new Float32Array(Math.max(length, array.length * 2));
  grown.set(array.subarray(0, keep));
  return grown;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Blackman-windowed sinc, each phase normalised to unity gain at DC. */
function buildTable(L: number, W: number, cutoff: number): Float32Array {
  const taps = 2 * W;
  const table = new Float32Array(L * taps);
  for (let p = 0; p < L; p++) {
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const x = t - W + 1 - p / L; // distance of tap t from the output instant, in input frames
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x);
      const w = Math.abs(x) >= W ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * x) / W) + 0.08 * Math.cos((2 * Math.PI * x) / W);
      table[p * taps + t] = sinc * w;
      sum += sinc * w;
    }
    for (let t = 0; t < taps; t++) table[p * taps + t]! /= sum;
  }
  return table;
}
