import { describe, expect, it } from 'vitest';
import { DROPOUTS_KEPT } from '../../shared/messages';
import { DropoutLog } from './dropouts';

const bass = { songId: 's1', trackId: 'bass', trackName: 'Bass' };

describe('DropoutLog', () => {
  it('counts an underrun and keeps where and how long the stem was silent', () => {
    const log = new DropoutLog(() => 42);
    log.underrun(bass, 151, 0.25);
    expect(log.counters).toEqual({ underruns: 1, decodeErrors: 0, retriedStarts: 0, delayedSeams: 0 });
    expect(log.list).toEqual([{ kind: 'underrun', ...bass, atSec: 151, silentSec: 0.25, at: 42 }]);
  });

  it('merges late chunks of one stem in a row into one dropout, but not another stem or a later one', () => {
    const log = new DropoutLog();
    log.underrun(bass, 10, 0.5);
    log.underrun(bass, 10.7, 0.7); // the next chunk, also late
    log.underrun({ ...bass, trackId: 'keys', trackName: 'Keys' }, 10.1, 0.2);
    log.underrun(bass, 30, 0.1);
    expect(log.counters.underruns).toBe(3);
    expect(log.perTrack).toEqual({ bass: { trackName: 'Bass', underruns: 2, decodeErrors: 0 }, keys: { trackName: 'Keys', underruns: 1, decodeErrors: 0 } });
    expect(log.list.map((d) => [d.trackId, d.atSec, Number(d.silentSec.toFixed(3))])).toEqual([
      ['bass', 10, 1.4],
      ['keys', 10.1, 0.2],
      ['bass', 30, 0.1],
    ]);
  });

  it('counts decode errors with their message; a new song clears the list, not the totals', () => {
    const log = new DropoutLog();
    log.decodeError(bass, 61.5, 'Decoding failed');
    expect(log.list[0]).toMatchObject({ kind: 'decode-error', message: 'Decoding failed', atSec: 61.5 });
    expect(log.perTrack.bass).toEqual({ trackName: 'Bass', underruns: 0, decodeErrors: 1 });
    log.clear();
    expect(log.list).toEqual([]);
    expect(log.perTrack).toEqual({});
    expect(log.counters.decodeErrors).toBe(1);
  });

  it(`keeps the last ${DROPOUTS_KEPT}, and counts every one per track`, () => {
    const log = new DropoutLog();
    for (let i = 0; i < DROPOUTS_KEPT + 5; i++) log.underrun(bass, i * 10, 0.1);
    expect(log.list).toHaveLength(DROPOUTS_KEPT);
    expect(log.list[0]!.atSec).toBe(50);
    expect(log.counters.underruns).toBe(DROPOUTS_KEPT + 5);
    expect(log.perTrack.bass!.underruns).toBe(DROPOUTS_KEPT + 5);
  });
});
