import { describe, expect, it } from 'vitest';
import { columnRange, PeaksBuilder } from './peaks';

/** `frames` of a function of the frame index, as one plane. */
const plane = (frames: number, f: (i: number) => number) => Float32Array.from({ length: frames }, (_, i) => f(i));
const pairs = (peaks: Int8Array) => Array.from({ length: peaks.length / 2 }, (_, b) => [peaks[2 * b], peaks[2 * b + 1]]);

describe('waveform peaks', () => {
  it('keeps the lowest and highest sample of each bucket, over all channels, as ±127', () => {
    // 4 buckets of 100 frames: silence, a full-scale square, a half-scale ramp up, a quarter DC.
    const left = plane(400, (i) => (i < 100 ? 0 : i < 200 ? (i % 2 ? 1 : -1) : i < 300 ? ((i - 200) / 99) * 0.5 : 0.25));
    // The right channel dips below the left in the last bucket only.
    const right = plane(400, (i) => (i >= 300 ? -0.5 : 0));
    const builder = new PeaksBuilder(400, 4);
    builder.add([left, right], 0, 400);
    expect(pairs(builder.finish())).toEqual([
      [0, 0],
      [-127, 127],
      [0, 64],
      [-64, 32],
    ]);
  });

  it('gives the same peaks whatever the chunks the decoder hands over', () => {
    const signal = plane(1000, (i) => Math.sin((2 * Math.PI * i) / 37) * (i / 1000));
    const whole = new PeaksBuilder(1000, 16);
    whole.add([signal], 0, 1000);
    const chunked = new PeaksBuilder(1000, 16);
    for (let start = 0; start < 1000; start += 93) {
      const frames = Math.min(93, 1000 - start);
      chunked.add([signal.slice(start, start + frames)], start, frames);
    }
    expect(chunked.finish()).toEqual(whole.finish());
  });

  it('leaves buckets the audio never reached at zero and puts frames past the length in the last bucket', () => {
    const builder = new PeaksBuilder(400, 4);
    builder.add([plane(50, () => 0.5)], 0, 50);
    builder.add([plane(20, () => -1)], 400, 20);
    expect(pairs(builder.finish())).toEqual([
      [64, 64],
      [0, 0],
      [0, 0],
      [-127, -127],
    ]);
  });

  it('skips audio before the start (codec priming at a negative time)', () => {
    const builder = new PeaksBuilder(100, 1);
    builder.add([plane(20, (i) => (i < 10 ? 1 : 0.25))], -10, 20);
    expect(pairs(builder.finish())).toEqual([[32, 32]]);
  });

  it('folds several buckets into one pixel column when drawn narrower', () => {
    const peaks = Int8Array.from([-10, 20, -127, 5, 0, 0, -3, 127]);
    expect(columnRange(peaks, 0, 2)).toEqual([-1, 20 / 127]);
    expect(columnRange(peaks, 1, 2)).toEqual([-3 / 127, 1]);
  });
});
