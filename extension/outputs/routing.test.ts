import { describe, expect, it } from 'vitest';
import {
  channelsOf,
  cleanRouting,
  decodeTarget,
  defaultFrom,
  encodeTarget,
  fitToDevice,
  GENERATED_CLICK_ID,
  labelOf,
  MAINS,
  neededChannels,
  resolveRouting,
  roleOf,
  targetsFor,
  TWO_CHANNEL_SPLIT,
  type OutputTarget,
} from './routing';

const pair = (first: number): OutputTarget => ({ kind: 'pair', first });
const mono = (channel: number): OutputTarget => ({ kind: 'mono', channel });
const tracks = [
  { id: 'a', name: 'Drums' },
  { id: 'b', name: 'Click' },
  { id: 'c', name: 'Guide' },
  { id: 'd', name: 'Keys' },
];

describe('the channels a track feeds', () => {
  it('is two neighbouring channels for a pair and one for a single output', () => {
    expect(channelsOf(MAINS)).toEqual([0, 1]);
    expect(channelsOf(pair(2))).toEqual([2, 3]);
    expect(channelsOf(mono(5))).toEqual([5]);
  });

  it('opens as many device channels as the highest one used, at least the stereo mains', () => {
    expect(neededChannels([])).toBe(2);
    expect(neededChannels([MAINS, mono(4)])).toBe(5);
    expect(neededChannels([pair(6), mono(1)])).toBe(8);
  });
});

describe('resolving a song routing', () => {
  it('gives each track its own target, else the default for its role (click, guide, band)', () => {
    const fallback = { click: pair(2), guide: mono(4), band: MAINS, generatedClick: false };
    const resolved = resolveRouting(tracks, { tracks: { d: pair(6) }, generatedClick: false }, fallback);
    expect(resolved.tracks).toEqual({ a: MAINS, b: pair(2), c: mono(4), d: pair(6) });
  });

  it('follows the default entirely when the song has none, generated click included', () => {
    const fallback = { click: pair(2), guide: pair(2), band: MAINS, generatedClick: true };
    const resolved = resolveRouting([{ id: 'a', name: 'Bass' }], undefined, fallback);
    expect(resolved).toEqual({ tracks: { a: MAINS, [GENERATED_CLICK_ID]: pair(2) }, generatedClick: true });
  });

  it('offers the classic two-channel split: click and guide summed left, the band summed right', () => {
    const resolved = resolveRouting(tracks, undefined, TWO_CHANNEL_SPLIT);
    expect(resolved.tracks).toEqual({ a: mono(1), b: mono(0), c: mono(0), d: mono(1) });
    expect(neededChannels(Object.values(resolved.tracks))).toBe(2);
  });

  it('turns a song routing into a default by role', () => {
    const routing = { tracks: { a: MAINS, b: pair(2), c: mono(4), d: MAINS }, generatedClick: false };
    expect(defaultFrom(tracks, routing)).toEqual({ click: pair(2), guide: mono(4), band: MAINS, generatedClick: false });
  });
});

describe('a routing on a smaller device', () => {
  it('sends the tracks the device cannot play to the mains and names them', () => {
    const { routing, moved } = fitToDevice({ tracks: { a: pair(2), b: mono(1), c: pair(6) }, generatedClick: false }, 4);
    expect(routing.tracks).toEqual({ a: pair(2), b: mono(1), c: MAINS });
    expect(moved).toEqual(['c']);
  });
});

describe('names and values', () => {
  it('knows clicks and guides by name and everything else as the band', () => {
    expect(['Click', 'click track', 'Metronome', 'Guide', 'Cues', 'Drums', 'Clicky Synth'].map(roleOf)).toEqual([
      'click',
      'click',
      'click',
      'guide',
      'guide',
      'band',
      'band',
    ]);
  });

  it('lists every pair then every single output of an 8-output interface', () => {
    const options = targetsFor(8).map(labelOf);
    expect(options.slice(0, 5)).toEqual(['Mains 1–2', 'Outputs 3–4', 'Outputs 5–6', 'Outputs 7–8', 'Output 1 (mono)']);
    expect(options).toHaveLength(12);
  });

  it('round-trips a target through a select value and refuses anything else', () => {
    for (const target of [MAINS, pair(6), mono(7)]) expect(decodeTarget(encodeTarget(target))).toEqual(target);
    expect(decodeTarget('pair:31')).toBeNull();
    expect(decodeTarget('mono:-1')).toBeNull();
    expect(decodeTarget('left')).toBeNull();
  });

  it('keeps the readable targets of a stored routing and drops the damaged ones', () => {
    expect(cleanRouting({ tracks: { a: { kind: 'mono', channel: 3 }, b: { kind: 'pair', first: 'x' }, c: null }, generatedClick: 'yes' })).toEqual({
      tracks: { a: mono(3) },
      generatedClick: false,
    });
  });
});
