import { describe, expect, it } from 'vitest';
import { Resampler } from './resampler';

function sine(frames: number, rate: number, hz: number, from = 0): Float32Array {
  return Float32Array.from({ length: frames }, (_, i) => Math.sin((2 * Math.PI * hz * (i + from)) / rate));
}

/** Feeds `input` (starting at the resampler's first input frame) in pieces of the given sizes. */
function run(r: Resampler, input: Float32Array, sizes: number[]): Float32Array {
  const out: number[] = [];
  // Copied at once: the resampler reuses the arrays it returns (a loop, as a spread of a long block overflows the stack).
  const keep = (samples: Float32Array) => {
    for (const x of samples) out.push(x);
  };
  let at = 0;
  for (let i = 0; at < input.length; i++) {
    const size = sizes[i % sizes.length]!;
    keep(r.process([input.subarray(at, at + size)])[0]!);
    at += size;
  }
  keep(r.flush()[0]!);
  return Float32Array.from(out);
}

describe('Resampler', () => {
  it.each([
    [48_000, 44_100],
    [44_100, 48_000],
    [22_050, 48_000],
  ])('%i -> %i Hz: a sine stays a clean sine of the same frequency', (inRate, outRate) => {
    const input = sine(inRate, inRate, 1000);
    const r = new Resampler(inRate, outRate, 1);
    const padded = new Float32Array(-r.firstInputFrame + input.length);
    padded.set(input, -r.firstInputFrame);
    const out = run(r, padded, [4096]);
    // Skip the edges (the kernel ramps in from silence) and compare with the ideal sine.
    let worst = 0;
    for (let k = 500; k < outRate - 500; k++) worst = Math.max(worst, Math.abs(out[k]! - Math.sin((2 * Math.PI * 1000 * k) / outRate)));
    expect(worst).toBeLessThan(1e-3);
    expect(Math.abs(out.length - outRate)).toBeLessThan(40);
  });

  it('gives the same samples however the input is split (no clicks at chunk joins)', () => {
    const input = sine(20_000, 48_000, 3000);
    const whole = run(new Resampler(48_000, 44_100, 1), input, [input.length]);
    const pieces = run(new Resampler(48_000, 44_100, 1), input, [1152, 333, 4096, 1]);
    expect(pieces).toEqual(whole);
  });

  it('starting mid-stream gives exactly the frames a continuous run gives there (seek is sample-exact)', () => {
    const input = sine(48_000, 48_000, 440);
    const full = new Resampler(48_000, 44_100, 1);
    const continuous = run(full, concatZeros(input, -full.firstInputFrame), [2048]);
    const start = 12_345;
    const seeked = new Resampler(48_000, 44_100, 1, start);
    const out = run(seeked, input.subarray(seeked.firstInputFrame), [2048]);
    expect(out.subarray(0, 20_000)).toEqual(continuous.subarray(start, start + 20_000));
  });

  it('stereo packets at a decoder’s size reuse the same memory call after call (no garbage per packet)', () => {
    const left = sine(48_000, 48_000, 440);
    const right = left.map((x) => -x);
    const r = new Resampler(48_000, 44_100, 2);
    const buffers = new Set<ArrayBufferLike>();
    const out: number[] = [];
    for (let at = 0; at + 960 <= left.length; at += 960) {
      const [l, rr] = r.process([left.subarray(at, at + 960), right.subarray(at, at + 960)]);
      if (at >= 960 * 10) buffers.add(l!.buffer).add(rr!.buffer);
      out.push(l![0]! + rr![0]!);
    }
    expect(buffers.size).toBe(2); // one output buffer per channel from the warm-up on
    expect(out.every((x) => x === 0)).toBe(true); // and the channels stay each other's inverse
  });

  it('gives back the memory a long gap of silence took, and stays exact across it', () => {
    const input = sine(48_000 * 12, 48_000, 440);
    const sizes = [960, 960, 48_000 * 10, ...Array<number>(100).fill(960)];
    const whole = run(new Resampler(48_000, 44_100, 1), input, [input.length]);
    const r = new Resampler(48_000, 44_100, 1);
    const pieces = run(r, input, sizes);
    expect(pieces).toEqual(whole);
    // After the 10 s block, the buffers are back near a packet's size.
    const held = (r as unknown as { buf: Float32Array[]; out: Float32Array[] });
    expect(held.buf[0]!.length).toBeLessThan(65_536);
    expect(held.out[0]!.length).toBeLessThan(65_536);
  });

  it('turns a polarity-inverted input into the exactly inverted output', () => {
    const input = Float32Array.from({ length: 10_000 }, () => Math.random() * 2 - 1);
    const a = run(new Resampler(48_000, 44_100, 1), input, [1000]);
    const b = run(new Resampler(48_000, 44_100, 1), input.map((x) => -x), [1000]);
    expect(a.every((x, i) => x + b[i]! === 0)).toBe(true);
  });
});

function concatZeros(input: Float32Array, zeros: number): Float32Array {
  const out = new Float32Array(zeros + input.length);
  out.set(input, zeros);
  return out;
}
