/**
 * Which frames of one decoded sample to keep so the stream stays contiguous on the true frame
 * grid: frames before `expected` were already delivered (or are pre-roll), a gap before the
 * sample becomes silence, and nothing at or past `end` (encoder padding) is kept.
 */
export interface FrameSpan {
  /** Silent frames to insert before the kept frames. */
  gap: number;
  /** Frames to drop from the front of the sample. */
  skip: number;
  /** Frames to keep after those. */
  take: number;
  /** The stream's end is reached: stop decoding. */
  last: boolean;
}

/** `start`: the sample's first true frame; `frames`: its length; `expected`: next frame wanted. */
export function frameSpan(start: number, frames: number, expected: number, end: number): FrameSpan {
  const skip = Math.max(0, expected - start);
  const gap = Math.max(0, start - expected);
  const take = Math.max(0, Math.min(frames, end - start) - skip);
  return { gap: take > 0 ? gap : 0, skip, take, last: start + frames >= end };
}
