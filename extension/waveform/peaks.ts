/**
 * A track's waveform overview: the lowest and highest sample of every bucket, over all channels.
 *
 * A fixed bucket count, not a fixed time resolution: every track stores the same small record
 * (2 × 1024 bytes) whatever its length, and the overview is drawn at most about a screen wide, so
 * more buckets would never reach a pixel. For a 5-minute song a bucket is 0.29 s, several per bar
 * at any stage tempo. Values are signed 8-bit (±127 = full scale): an overview needs the shape,
 * not the precision, and a 16-bit record would be twice the size for no visible difference.
 */
export const WAVEFORM_BUCKETS = 1024;

/** The user-timing entry each waveform's decode leaves (peaks-jobs.ts); the benchmark reads it. */
export const PEAKS_MEASURE = 'stagetracker:waveform-peaks';

/** Interleaved [min, max] per bucket, each -127..127; a bucket that got no audio reads 0, 0. */
export type Peaks = Int8Array;

/** Rounded away from zero alike on both sides, so a symmetric signal stays symmetric. */
const toByte = (x: number) => Math.sign(x) * Math.min(127, Math.round(Math.abs(x) * 127));

/** Folds decoded audio, chunk by chunk, into peaks: only the buckets are kept, never the audio. */
export class PeaksBuilder {
  private readonly min: Float32Array;
  private readonly max: Float32Array;
  private readonly framesPerBucket: number;

  /** `totalFrames`: the track's length at its sample rate (from the probe); frames past it go in the last bucket. */
  constructor(
    totalFrames: number,
    readonly buckets = WAVEFORM_BUCKETS,
  ) {
    this.framesPerBucket = Math.max(1, totalFrames) / buckets;
    this.min = new Float32Array(buckets).fill(Infinity);
    this.max = new Float32Array(buckets).fill(-Infinity);
  }

  /** `planes`: one Float32Array per channel holding `frames` frames that start at frame `start`. */
  add(planes: readonly Float32Array[], start: number, frames: number): void {
    const { min, max, buckets, framesPerBucket } = this;
    let frame = Math.max(0, start);
    const end = start + frames;
    while (frame < end) {
      const bucket = Math.min(buckets - 1, Math.floor(frame / framesPerBucket));
      // The last bucket takes everything after it (a probe's length can be a few frames short).
      const stop = bucket === buckets - 1 ? end : Math.min(end, Math.ceil((bucket + 1) * framesPerBucket));
      let lo = min[bucket]!;
      let hi = max[bucket]!;
      for (const plane of planes) {
        for (let i = frame - start, n = stop - start; i < n; i++) {
          const x = plane[i]!;
          if (x < lo) lo = x;
          if (x > hi) hi = x;
        }
      }
      min[bucket] = lo;
      max[bucket] = hi;
      frame = Math.max(stop, frame + 1);
    }
  }

  finish(): Peaks {
    const peaks = new Int8Array(this.buckets * 2);
    for (let b = 0; b < this.buckets; b++) {
      if (this.max[b]! < this.min[b]!) continue;
      peaks[2 * b] = toByte(this.min[b]!);
      peaks[2 * b + 1] = toByte(this.max[b]!);
    }
    return peaks;
  }
}

/** The [min, max] (-1..1) of the buckets under pixel column `x` of `width`, for drawing at any width. */
export function columnRange(peaks: Peaks, x: number, width: number): [number, number] {
  const buckets = peaks.length / 2;
  const from = Math.floor((x / width) * buckets);
  const to = Math.max(from + 1, Math.floor(((x + 1) / width) * buckets));
  let lo = 0;
  let hi = 0;
  for (let b = from; b < Math.min(to, buckets); b++) {
    lo = Math.min(lo, peaks[2 * b]!);
    hi = Math.max(hi, peaks[2 * b + 1]!);
  }
  return [lo / 127, hi / 127];
}
