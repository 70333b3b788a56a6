import { describe, expect, it } from 'vitest';
import { engineStatus } from '../player/status-fixture';
import { epochToPageClock, midiTimestampFor, songStartEpoch } from './clock';

const song = { id: 's1', title: 'Oceans', artist: '', durationSec: 200, tracks: [] } as unknown as NonNullable<Parameters<typeof engineStatus>[0]>['song'];

describe('song start on the page clock', () => {
  it('is the advancesAt of a start from the top, plus half the base latency (one render callback) and the output latency', () => {
    const status = engineStatus({ state: 'playing', song, positionSec: 0, sampledAt: 1_000_000, advancesAt: 1_000_020, latency: { baseSec: 0.005, outputSec: 0.01 } });
    expect(songStartEpoch(status)).toBe(1_000_032.5);
  });

  it('is found from a status taken after the head began to move', () => {
    const status = engineStatus({ state: 'playing', song, positionSec: 0.5, sampledAt: 1_000_520, advancesAt: 1_000_520 - 500 });
    expect(songStartEpoch(status)).toBeCloseTo(1_000_020, 6);
  });

  it('is found from a status whose position trails the wall clock by a render callback', () => {
    // 30 ms after the start by the wall clock; currentTime last moved 11.6 ms before (512 frames).
    const status = engineStatus({ state: 'playing', song, positionSec: 0.0184, sampledAt: 1_000_030, advancesAt: 1_000_000 });
    expect(songStartEpoch(status)).toBe(1_000_000);
  });

  it('is null for a seek, a resume mid-song, or anything but playing', () => {
    expect(songStartEpoch(engineStatus({ state: 'playing', song, positionSec: 30, sampledAt: 1000, advancesAt: 1020 }))).toBeNull();
    expect(songStartEpoch(engineStatus({ state: 'paused', song, positionSec: 0, sampledAt: 1000, advancesAt: null }))).toBeNull();
  });

  it("converts the epoch to the page's performance.now() timeline (its own time origin)", () => {
    // The offscreen engine's origin differs from the page's; the epoch is common to both.
    const pageOrigin = 1_700_000_000_000.25;
    expect(epochToPageClock(1_700_000_012_345.75, pageOrigin)).toBe(12_345.5);
  });

  it('sends at the first frame, or at once when it has passed', () => {
    expect(midiTimestampFor(5020, 5000)).toBe(5020);
    expect(midiTimestampFor(4990, 5000)).toBe(0);
  });
});
