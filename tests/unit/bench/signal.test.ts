import { describe, expect, it } from 'vitest';
import { discontinuities, firstAbove, inPage, maxStep, percentile, prng, rmsDbOf, type PageSignal } from '../../../bench/signal.ts';

describe('bench signal helpers', () => {
  it('finds the first non-zero sample, or the first above a threshold', () => {
    const x = [0, 0, -0, 1e-9, 0.5, 0];
    expect(firstAbove(x)).toBe(3);
    expect(firstAbove(x, 1e-6)).toBe(4);
    expect(firstAbove(x, 0, 4)).toBe(4);
    expect(firstAbove([0, 0])).toBe(-1);
  });

  it('computes RMS in dBFS, with digital silence as -200', () => {
    expect(rmsDbOf([1, -1, 1, -1])).toBeCloseTo(0, 10);
    expect(rmsDbOf([0.5, -0.5])).toBeCloseTo(-6.0206, 3);
    const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * i) / 48));
    expect(rmsDbOf(sine)).toBeCloseTo(-3.0103, 3);
    expect(rmsDbOf([0, 0, 0])).toBe(-200);
    expect(rmsDbOf([])).toBe(-200);
    expect(rmsDbOf([0, 0, 1, 1], 2, 4)).toBeCloseTo(0, 10);
  });

  it('counts steps larger than the signal’s own largest step as discontinuity events', () => {
    const ramp = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 10) * 0.5);
    const limit = maxStep(ramp);
    expect(discontinuities(ramp, limit).count).toBe(0);
    // A cut to silence in the middle (a stop without a fade), then a restart later.
    const cut = Float32Array.from(ramp, (v, i) => (i >= 20 && i < 60 ? 0 : v));
    const found = discontinuities(cut, limit);
    // Both edges step further than the sine ever does (|0.47| into the cut, |-0.14| out of it).
    expect(found.at).toEqual([20, 60]);
    // One click spanning a few samples is one event; `previous` links to the block before.
    expect(discontinuities([0.5, -0.5, 0.5], 0.1).count).toBe(1);
    expect(discontinuities([0.5], 0.1, 0).count).toBe(1);
    expect(discontinuities([0.5], 0.1, NaN).count).toBe(0);
  });

  it('the PRNG is deterministic per seed and uniform enough', () => {
    const a = prng(42);
    const b = prng(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(prng(43)()).not.toBe(xs[0]);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  it('percentiles by nearest rank', () => {
    const v = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(v, 50)).toBe(10);
    expect(percentile(v, 95)).toBe(19);
    expect(percentile(v, 100)).toBe(20);
    expect(percentile([3], 95)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });

  it('the page copy behaves like the node one', () => {
    const scope = {} as { __sig?: PageSignal };
    new Function('globalThis', inPage())(scope);
    const sig = scope.__sig!;
    const x = [0, 0, 0.25, -0.25, 0];
    expect(sig.firstAbove(x, 0, 0)).toBe(2);
    expect(sig.rmsDbOf(x, 0, x.length)).toBeCloseTo(rmsDbOf(x), 10);
    expect(sig.maxStep(x)).toBe(0.5);
    expect(sig.discontinuities(x, 0.3, NaN, 32).count).toBe(1);
  });
});
