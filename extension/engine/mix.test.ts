import { describe, expect, it } from 'vitest';
import type { MixView, TrackMixView } from '../../shared/messages';
import { applyPatch, dbToGain, DEFAULT_TRACK_MIX, isAudible, reconcileMix } from './mix';

const mixOf = (tracks: Record<string, Partial<TrackMixView>>): MixView => ({
  masterGainDb: 0,
  tracks: Object.fromEntries(Object.entries(tracks).map(([id, t]) => [id, { ...DEFAULT_TRACK_MIX, ...t }])),
});

describe('mute and solo', () => {
  it.each([
    ['nothing set: all audible', { a: {}, b: {} }, ['a', 'b']],
    ['mute silences only that track', { a: { mute: true }, b: {} }, ['b']],
    ['a solo silences the others', { a: { solo: true }, b: {}, c: {} }, ['a']],
    ['two solos: both audible', { a: { solo: true }, b: { solo: true }, c: {} }, ['a', 'b']],
    ['mute wins over solo', { a: { solo: true, mute: true }, b: { solo: true }, c: {} }, ['b']],
    ['a muted solo still silences the unsoloed', { a: { solo: true, mute: true }, b: {} }, []],
  ] as const)('%s', (_, tracks, audible) => {
    const mix = mixOf(tracks as Record<string, Partial<TrackMixView>>);
    expect(Object.keys(mix.tracks).filter((id) => isAudible(mix, id))).toEqual(audible);
  });
});

describe('mix values', () => {
  it('turns dB into gain, with the fader bottom as off', () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    expect(dbToGain(-60)).toBe(0);
  });

  it('clamps patches from other contexts', () => {
    expect(applyPatch(DEFAULT_TRACK_MIX, { gainDb: 99, pan: -3 })).toEqual({ gainDb: 12, pan: -1, mute: false, solo: false });
  });

  it('restores a saved mix for the current tracks only', () => {
    const saved = mixOf({ a: { gainDb: -3, mute: true }, gone: { solo: true } });
    saved.masterGainDb = -2;
    expect(reconcileMix(saved, ['a', 'new'])).toEqual({ masterGainDb: -2, tracks: { a: { ...DEFAULT_TRACK_MIX, gainDb: -3, mute: true }, new: DEFAULT_TRACK_MIX } });
  });
});
