import { describe, expect, it } from 'vitest';
import type { MarkerRecord } from './store';
import { parseMarkerTempo, tempoChangesOf } from './tempo-fields';

describe('a marker’s tempo fields', () => {
  it.each([
    ['', '', { bpm: undefined, timeSignature: undefined }],
    ['140', '', { bpm: 140, timeSignature: undefined }],
    [' 92.5 ', '7/8', { bpm: 92.5, timeSignature: '7/8' }],
    ['', ' 6 / 8 ', { bpm: undefined, timeSignature: '6/8' }],
    ['20', '3/4', { bpm: 20, timeSignature: '3/4' }],
    ['400', '12/8', { bpm: 400, timeSignature: '12/8' }],
  ])('BPM %j and signature %j are saved as %j', (bpm, signature, expected) => {
    expect(parseMarkerTempo(bpm, signature)).toEqual(expected);
  });

  it.each([
    ['19', '', /BPM must be a number from 20 to 400/],
    ['401', '4/4', /BPM must be a number from 20 to 400/],
    ['fast', '', /BPM must be a number from 20 to 400/],
    ['120', 'waltz', /Time signature looks like 3\/4, 6\/8 or 7\/8/],
    ['120', '4/3', /Time signature looks like/],
    ['120', '0/4', /Time signature looks like/],
    ['', '33/8', /Time signature looks like/],
  ])('refuses BPM %j with signature %j, saying why', (bpm, signature, message) => {
    expect(parseMarkerTempo(bpm, signature)).toMatch(message);
  });

  it('gives the tempo map only the markers that carry a tempo or a metre, by time', () => {
    const m = (id: string, time: number, extra: Partial<MarkerRecord> = {}): MarkerRecord => ({ id, songId: 's', name: id, time, ...extra });
    expect(tempoChangesOf([m('b', 30, { timeSignature: '3/4' }), m('v', 10), m('a', 20, { bpm: 90 })])).toEqual([
      { atSec: 20, bpm: 90 },
      { atSec: 30, timeSignature: '3/4' },
    ]);
  });
});
