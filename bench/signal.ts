/**
 * Pure signal helpers for the player benchmarks. They run in node (unit tests, reference decodes)
 * and, unchanged, inside the offscreen document on what the output tap captured: `inPage()` gives
 * their source for `page.evaluate`. So each is one self-contained function (no imports, no
 * closures over this module, no nested named functions).
 */

/** dBFS of silence: JSON has no -Infinity, and the engine's meters use the same floor. */
export const SILENCE_DB = -200;

/** Index of the first sample at or after `from` whose magnitude exceeds `threshold` (0: first non-zero), or -1. */
export function firstAbove(samples: ArrayLike<number>, threshold = 0, from = 0): number {
  for (let i = Math.max(0, from); i < samples.length; i++) if (Math.abs(samples[i]!) > threshold) return i;
  return -1;
}

/** RMS of samples[from, to) in dBFS (full scale 1.0); SILENCE_DB for digital silence or an empty span. */
export function rmsDbOf(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  const a = Math.max(0, from);
  const b = Math.min(samples.length, to);
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i]! * samples[i]!;
  const rms = b > a ? Math.sqrt(sum / (b - a)) : 0;
  return rms > 0 ? Math.max(-200, 20 * Math.log10(rms)) : -200;
}

/** The largest |x[i] - x[i-1]|: a signal's own steepest step, the discontinuity detector's limit. */
export function maxStep(samples: ArrayLike<number>): number {
  let max = 0;
  for (let i = 1; i < samples.length; i++) max = Math.max(max, Math.abs(samples[i]! - samples[i - 1]!));
  return max;
}

/**
 * Steps larger than `limit` between consecutive samples, counted as events: a step within
 * `holdoff` samples of the previous counted one belongs to the same event. `previous` is the
 * sample before samples[0] (NaN: none, e.g. after a gap in the capture). Returns the count and
 * the indices of the events' first steps.
 */
export function discontinuities(samples: ArrayLike<number>, limit: number, previous = NaN, holdoff = 32): { count: number; at: number[] } {
  const at: number[] = [];
  let last = -Infinity;
  let prev = previous;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!Number.isNaN(prev) && Math.abs(v - prev) > limit) {
      if (i - last > holdoff) at.push(i);
      last = i;
    }
    prev = v;
  }
  return { count: at.length, at };
}

/** mulberry32: a small seeded PRNG; the same seed gives the same command storm. Returns next() in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The p-th percentile (nearest rank, p in 0..100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Source that defines the helpers as `globalThis.__sig` in a page (evaluate it once).
 * `__name` is defined because tsx/esbuild's keepNames wraps functions in it.
 */
export function inPage(): string {
  const fns = { firstAbove, rmsDbOf, maxStep, discontinuities };
  const body = Object.entries(fns).map(([name, fn]) => `${name}: ${fn.toString()}`).join(',\n');
  return `globalThis.__name ??= (f) => f; globalThis.__sig = {\n${body}\n};`;
}

/** The shape of `globalThis.__sig` inside a page. */
export interface PageSignal {
  firstAbove: typeof firstAbove;
  rmsDbOf: typeof rmsDbOf;
  maxStep: typeof maxStep;
  discontinuities: typeof discontinuities;
}
