import { describe, expect, it } from 'vitest';
import type { Dropout } from '../../shared/messages';
import { describeDropout, dropoutSummary, trackTrouble } from './dropouts';

const base = { songId: 's', trackId: 'b', trackName: 'Bass', at: 0 };

describe('dropout messages', () => {
  it('names the stem, the song position and the likely cause of an underrun', () => {
    const d: Dropout = { ...base, kind: 'underrun', atSec: 151.4, silentSec: 0.2345 };
    expect(describeDropout(d)).toBe('Bass dropped out at 2:31 for 235 ms — storage or CPU too slow? The tracks stayed in sync.');
  });

  it('says a stem stopped on a decode error, with the decoder message', () => {
    const d: Dropout = { ...base, kind: 'decode-error', atSec: 62, silentSec: 0, message: 'Decoding error.' };
    expect(describeDropout(d)).toBe('Bass stopped at 1:02: its file could not be decoded (Decoding error.). The other tracks play on.');
  });

  it('summarises the latest with the count, and nothing when the song played clean', () => {
    expect(dropoutSummary([])).toBeNull();
    const list: Dropout[] = [
      { ...base, kind: 'underrun', atSec: 1, silentSec: 0.1 },
      { ...base, trackName: 'Keys', kind: 'underrun', atSec: 70, silentSec: 0.1 },
    ];
    expect(dropoutSummary(list)).toEqual({ text: expect.stringMatching(/^Keys dropped out at 1:10 .*\(2 dropouts in this song\)$/), count: 2 });
  });

  it('names each track with its full count (the list keeps only the last ones), and words a strip’s troubles', () => {
    const list: Dropout[] = [{ ...base, trackName: 'Keys', kind: 'underrun', atSec: 70, silentSec: 0.1 }];
    const perTrack = { b: { trackName: 'Bass', underruns: 24, decodeErrors: 1 }, k: { trackName: 'Keys', underruns: 1, decodeErrors: 0 } };
    expect(dropoutSummary(list, perTrack)).toEqual({ text: expect.stringMatching(/\(26 dropouts in this song: Bass 25, Keys 1\)$/), count: 26 });
    expect(trackTrouble(perTrack.b)).toBe('24 dropouts and 1 decode error in this song');
    expect(trackTrouble(perTrack.k)).toBe('1 dropout in this song');
    expect(trackTrouble({ trackName: 'Pad', underruns: 0, decodeErrors: 0 })).toBeNull();
  });
});
