import { describe, expect, it } from 'vitest';
import { countIn, countInOf, frameOfBeat, nextBarFrame, nextBarOfSong, parseTimeSignature, validBpm } from './bar-grid';
import { tempoMapOf } from './tempo-map';

describe('bar grid', () => {
  it.each([
    ['4/4', 4, 4],
    ['6/8', 6, 8],
    [' 3 / 4 ', 3, 4],
    ['', 4, 4],
    ['0/4', 4, 4],
    ['waltz', 4, 4],
  ])('parses %j as %i/%i', (text, beatsPerBar, beatUnit) => {
    expect(parseTimeSignature(text)).toEqual({ beatsPerBar, beatUnit });
  });

  it('accepts only usable tempos', () => {
    expect(validBpm(120)).toBe(120);
    expect(validBpm(null)).toBeNull();
    expect(validBpm(0)).toBeNull();
    expect(validBpm(Number.NaN)).toBeNull();
  });

  it.each([
    // frame, bpm, signature, rate, lead, expected: 120 BPM 4/4 at 48 kHz = 96,000 frames a bar
    [0, 120, '4/4', 48_000, 0, 0],
    [1, 120, '4/4', 48_000, 0, 96_000],
    [96_000, 120, '4/4', 48_000, 0, 96_000],
    [95_000, 120, '4/4', 48_000, 16_800, 192_000],
    [10, 120, '3/4', 44_100, 0, 66_150],
    // 7/8 at 137 BPM, 44.1 kHz: bar lines rounded from the start, never accumulated
    [10_000_000, 137, '7/8', 44_100, 0, frameOfBeat(74 * 7, 137, 44_100)],
  ])('next bar after frame %i at %i BPM %s (%i Hz, lead %i) is %i', (frame, bpm, sig, rate, lead, expected) => {
    expect(nextBarFrame(frame, bpm, sig, rate, lead)).toBe(expected);
  });

  it('counts in whole bars with the downbeats accented, the song one beat after the last click', () => {
    const plan = countIn(2, 90, '3/4', 44_100);
    expect(plan.clicks).toHaveLength(6);
    expect(plan.clicks.map((c) => c.accent)).toEqual([true, false, false, true, false, false]);
    expect(plan.clicks[1]!.frame).toBe(29_400); // 60/90 s
    expect(plan.lengthFrames).toBe(6 * 29_400);
    expect(countIn(12, 120, '4/4', 48_000).clicks).toHaveLength(32); // capped at 8 bars
    expect(countIn(0, 120, '4/4', 48_000)).toEqual({ clicks: [], lengthFrames: 0 });
  });

  it('counts in at the tempo map’s first tempo, whatever comes later', () => {
    const map = tempoMapOf({ bpm: 120, timeSignature: '4/4' }, [{ atSec: 0, bpm: 90, timeSignature: '3/4' }, { atSec: 8, bpm: 200 }], 44_100)!;
    expect(countInOf(2, map)).toEqual(countIn(2, 90, '3/4', 44_100));
  });

  it('finds a song’s next bar line across its tempo changes (none without a tempo)', () => {
    const song = { bpm: 120, timeSignature: '4/4', tempoChanges: [{ atSec: 5, bpm: 90, timeSignature: '3/4' }] };
    expect(nextBarOfSong(song, 10, 48_000)).toBe(nextBarFrame(10, 120, '4/4', 48_000));
    expect(nextBarOfSong(song, 192_001, 48_000)).toBe(240_000);
    expect(nextBarOfSong(song, 240_001, 48_000)).toBe(240_000 + 3 * 32_000);
    expect(nextBarOfSong({ bpm: null }, 10, 48_000)).toBeNull();
  });
});
