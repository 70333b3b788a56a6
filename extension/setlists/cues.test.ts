import { describe, expect, it } from 'vitest';
import { withCues } from './cues';
import type { SetlistEntry } from './store';

const entry = (songId: string, over: Partial<SetlistEntry> = {}): SetlistEntry => ({ songId, end: 'segue', skip: false, ...over });
const abc = ['a', 'b', 'c'].map((id) => entry(id));
const ids = (list: { songId: string }[]) => list.map((e) => e.songId).join('');

describe('cued songs in a show', () => {
  it.each([
    ['a song from outside the setlist, after the one playing', [{ songId: 'x', after: 'a' }], 'axbc'],
    ['a later song of the setlist moves up, once', [{ songId: 'c', after: 'a' }], 'acb'],
    ['the latest pick plays first', [{ songId: 'x', after: 'a' }, { songId: 'y', after: 'a' }], 'ayxbc'],
    ['after a cued song that plays now', [{ songId: 'x', after: 'a' }, { songId: 'y', after: 'x' }], 'axybc'],
    ['first when the playing song is not in the setlist', [{ songId: 'x', after: 'q' }], 'xabc'],
  ])('%s', (_, cues, expected) => {
    expect(ids(withCues(abc, cues))).toBe(expected);
  });

  it('keeps the setlist end of a song it has, stops after one it has not, and leaves the setlist alone', () => {
    const list = [entry('a'), entry('b'), entry('c', { end: 'continue', skip: true })];
    const shown = withCues(list, [{ songId: 'c', after: 'a' }, { songId: 'x', after: 'c' }]);
    expect(shown).toEqual([entry('a'), entry('c', { end: 'continue' }), entry('x', { end: 'stop' }), entry('b')]);
    expect(ids(list)).toBe('abc');
  });
});
