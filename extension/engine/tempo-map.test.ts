import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beatAt, beatsBetween, firstBeatFrom, firstTempo, frameOfBeatIn, nextBarIn, steadyMap, tempoMapOf, type TempoChange } from './tempo-map';

const SR = 48_000;
const bpmArb = fc.double({ min: 20, max: 400, noNaN: true });
const signatureArb = fc.constantFrom('4/4', '3/4', '6/8', '7/8', '5/4', '12/8', '2/2');
const changeArb: fc.Arbitrary<TempoChange> = fc.record({
  atSec: fc.double({ min: 0, max: 300, noNaN: true }),
  bpm: fc.option(bpmArb, { nil: undefined }),
  timeSignature: fc.option(signatureArb, { nil: undefined }),
});
const mapArb = fc
  .tuple(bpmArb, signatureArb, fc.array(changeArb, { maxLength: 8 }), fc.constantFrom(44_100, 48_000))
  .map(([bpm, sig, changes, rate]) => tempoMapOf({ bpm, timeSignature: sig }, changes, rate)!);

/** Today's single-tempo formulas, written out: beat n at round(n · 60/bpm · rate), bars ceil'd from frame 0. */
const plainBeat = (n: number, bpm: number, rate: number) => Math.round((n * 60 * rate) / bpm);
function plainNextBar(frame: number, bpm: number, beatsPerBar: number, rate: number, lead: number): number {
  const bar = beatsPerBar * (60 / bpm) * rate;
  return Math.round(Math.max(0, Math.ceil((frame + lead) / bar - 1e-9)) * beatsPerBar * ((60 / bpm) * rate));
}

describe('tempo map', () => {
  it('with one tempo is exactly the plain grid (beats, accents, bar lines)', () => {
    fc.assert(
      fc.property(bpmArb, fc.constantFrom(['4/4', 4], ['3/4', 3], ['7/8', 7]) as fc.Arbitrary<[string, number]>, fc.nat(2000), fc.nat(30_000_000), fc.nat(40_000), (bpm, [sig, perBar], n, frame, lead) => {
        const map = steadyMap(bpm, sig, SR);
        expect(beatAt(map, n)).toEqual({ frame: plainBeat(n, bpm, SR), accent: n % perBar === 0 });
        expect(nextBarIn(map, frame, lead)).toBe(plainNextBar(frame, bpm, perBar, SR, lead));
      }),
    );
  });

  it('has strictly increasing beat frames and bar lines, and every bar line is an accented beat', () => {
    fc.assert(
      fc.property(mapArb, fc.nat(400), (map, count) => {
        let last = -1;
        for (let n = 0; n < count; n++) {
          const { frame } = beatAt(map, n);
          expect(frame).toBeGreaterThan(last);
          expect(frameOfBeatIn(map, n)).toBe(frame);
          expect(firstBeatFrom(map, frame)).toBe(n);
          last = frame;
        }
        let bar = -1;
        for (let i = 0; i < 40; i++) {
          const next = nextBarIn(map, bar + 1);
          expect(next).toBeGreaterThan(bar);
          const beat = beatAt(map, firstBeatFrom(map, next));
          expect(beat).toEqual({ frame: next, accent: true });
          bar = next;
        }
      }),
    );
  });

  it('starts a new bar on a change, at its own frame, and the bar before may be cut short', () => {
    // 120 BPM 4/4 (24,000 frames a beat), then 3/4 at 90 BPM from 5 s (32,000 a beat).
    const map = tempoMapOf({ bpm: 120, timeSignature: '4/4' }, [{ atSec: 5, bpm: 90, timeSignature: '3/4' }], SR)!;
    const beats = [...beatsBetween(map, 0, 5 * SR + 4 * 32_000)];
    expect(beats.map((b) => b.frame)).toEqual([
      ...Array.from({ length: 10 }, (_, n) => n * 24_000),
      240_000, 272_000, 304_000, 336_000,
    ]);
    // 10 beats of 4/4: two bars and a half bar, then the 3/4 bars.
    expect(beats.filter((b) => b.accent).map((b) => b.frame)).toEqual([0, 96_000, 192_000, 240_000, 336_000]);
    expect(nextBarIn(map, 192_001)).toBe(240_000);
    expect(nextBarIn(map, 240_001)).toBe(336_000);
  });

  it('keeps the metre on a tempo-only change and the tempo on a metre-only one', () => {
    const map = tempoMapOf({ bpm: 100, timeSignature: '6/8' }, [{ atSec: 3.6, bpm: 150 }, { atSec: 7.2, timeSignature: '7/8' }], SR)!;
    expect(map.segments.map((s) => [s.bpm, `${s.meter.beatsPerBar}/${s.meter.beatUnit}`])).toEqual([
      [100, '6/8'],
      [150, '6/8'],
      [150, '7/8'],
    ]);
  });

  it('counts in at the first tempo: a change at 0:00 replaces the song’s', () => {
    expect(firstTempo(tempoMapOf({ bpm: 100, timeSignature: '4/4' }, [{ atSec: 0, bpm: 140, timeSignature: '7/8' }], SR)!)).toEqual({ bpm: 140, meter: { beatsPerBar: 7, beatUnit: 8 } });
    expect(firstTempo(tempoMapOf({ bpm: null }, [{ atSec: 10, bpm: 80 }], SR)!).bpm).toBe(80);
  });

  it('has no map without a usable tempo, and ignores changes that change nothing', () => {
    expect(tempoMapOf({ bpm: null }, [{ atSec: 4, timeSignature: '3/4' }], SR)).toBeNull();
    expect(tempoMapOf({ bpm: 120 }, [{ atSec: 4, bpm: 120, timeSignature: '4/4' }, { atSec: 8, bpm: 999 }], SR)!.segments).toHaveLength(1);
  });
});
