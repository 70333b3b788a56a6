import { describe, expect, it } from 'vitest';
import { cleanCountIn, planCountIn } from './count-in';

describe('cleanCountIn', () => {
  it.each([
    [2, -6, 2, -6],
    [2.6, -6.5, 3, -6.5],
    [12, 99, 8, 12],
    [-1, -99, 0, -60],
    [Number.NaN, Number.NaN, 0, 0],
  ])('%d bars at %d dB are kept as %d bars at %d dB', (bars, gainDb, countInBars, countInGainDb) => {
    expect(cleanCountIn({ countInBars: bars, countInGainDb: gainDb })).toEqual({ countInBars, countInGainDb });
  });
});

describe('planCountIn', () => {
  const SR = 48_000;
  const settings = (countInBars: number) => ({ countInBars, countInGainDb: -6 });

  it.each([
    ['not from the top', { bpm: 120, timeSignature: '4/4' }, 1, 1],
    ['no tempo', { bpm: null, timeSignature: '4/4' }, 1, 0],
    ['an unusable tempo', { bpm: 5, timeSignature: '4/4' }, 1, 0],
    ['no bars', { bpm: 120, timeSignature: '4/4' }, 0, 0],
  ])('does not count in with %s', (_, song, bars, fromFrame) => {
    expect(planCountIn(song, settings(bars), fromFrame, SR, 1)).toBeNull();
  });

  it.each([
    // bars, bpm, signature, rate, clicks, frames from the first click to the song's first frame
    [1, 120, '4/4', 48_000, 4, 96_000],
    [2, 90, '3/4', 44_100, 6, 176_400],
    [1, 137, '7/8', 44_100, 7, Math.round((7 * 60 * 44_100) / 137)],
    [12, 120, '4/4', 48_000, 32, 8 * 96_000], // capped at 8 bars
  ])('%i bar(s) at %i BPM %s (%i Hz): %i clicks, the song %i frames after the first', (bars, bpm, signature, rate, clicks, frames) => {
    const plan = planCountIn({ bpm, timeSignature: signature }, settings(bars), 0, rate, 1.234_567)!;
    expect(plan.clicks).toHaveLength(clicks);
    expect(Math.round((plan.songStartsAt - plan.clicks[0]!.at) * rate)).toBe(frames);
  });

  it("starts on a whole frame a little ahead, with each bar's first beat accented", () => {
    const now = 1.234_567;
    const plan = planCountIn({ bpm: 120, timeSignature: '3/4' }, settings(2), 0, SR, now)!;
    const first = plan.clicks[0]!.at;
    expect(first).toBeGreaterThanOrEqual(now + 0.03);
    expect(first - now).toBeLessThan(0.03 + 1 / SR);
    for (const at of [first, plan.songStartsAt]) expect(at * SR).toBeCloseTo(Math.round(at * SR), 6);
    expect(plan.clicks.map((c) => c.accent)).toEqual([true, false, false, true, false, false]);
    expect(plan.clicks.map((c) => Math.round((c.at - first) * SR))).toEqual([0, 1, 2, 3, 4, 5].map((beat) => beat * 24_000));
  });
});
