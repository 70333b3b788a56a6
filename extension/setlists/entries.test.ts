import { describe, expect, it } from 'vitest';
import { copyName, currentEntryIndex, moveEntry, nextAfter, playOrder, playOrderIndex, setEnd, setSkip } from './entries';
import type { SetlistEntry } from './store';

const entry = (songId: string, over: Partial<SetlistEntry> = {}): SetlistEntry => ({ songId, end: 'stop', skip: false, ...over });
const ids = (list: { songId: string }[]) => list.map((e) => e.songId).join('');

describe('setlist entries', () => {
  it('tells the engine which copy of a song twice in the list to start from, skipped entries left out', () => {
    const list = [entry('A'), entry('X', { skip: true }), entry('B'), entry('A'), entry('C')];
    expect(playOrder(list, 'A').map((e) => e.songId)).toEqual(['A', 'B', 'A', 'C']);
    expect(playOrderIndex(list, 0)).toBe(0);
    expect(playOrderIndex(list, 3)).toBe(2); // the second A: after A and B (X is skipped)
    expect(playOrder(list, 'A')[playOrderIndex(list, 3)]!.songId).toBe('A');
    expect(playOrderIndex(list, 4)).toBe(3);
  });

  const abcd = ['a', 'b', 'c', 'd'].map((id) => entry(id));

  it.each([
    [0, 2, 'bcad'],
    [3, 0, 'dabc'],
    [1, 0, 'bacd'], // Alt+Up
    [1, 2, 'acbd'], // Alt+Down
    [0, -1, 'abcd'], // Alt+Up on the first stays
    [3, 9, 'abcd'],
    [7, 0, 'abcd'],
  ])('moves %i to %i: %s', (from, to, expected) => {
    expect(ids(moveEntry(abcd, from, to))).toBe(expected);
  });

  it('plays what is not skipped, keeping the song playing now', () => {
    const list = setSkip(setSkip(abcd, 1, true), 2, true);
    expect(ids(playOrder(list, null))).toBe('ad');
    expect(ids(playOrder(list, 'b'))).toBe('abd');
    expect(nextAfter(list, 'a')?.songId).toBe('d');
    expect(nextAfter(list, 'b')?.songId).toBe('d');
    expect(nextAfter(list, 'd')).toBeNull();
  });

  it('keeps end behaviours through a reorder (live, during a show)', () => {
    const list = setEnd(abcd, 0, 'segue');
    const moved = moveEntry(list, 0, 2);
    expect(playOrder(moved, 'b')).toEqual([
      { songId: 'b', end: 'stop' },
      { songId: 'c', end: 'stop' },
      { songId: 'a', end: 'segue' },
      { songId: 'd', end: 'stop' },
    ]);
  });

  it('names copies without clashes', () => {
    expect(copyName('Sunday', ['Sunday'])).toBe('Sunday (copy)');
    expect(copyName('Sunday', ['Sunday', 'Sunday (copy)'])).toBe('Sunday (copy 2)');
  });

  it('tells the entries of a song that is twice in the setlist apart by the engine’s position', () => {
    const abac = ['A', 'B', 'A', 'C'].map((id) => entry(id));
    expect([0, 1, 2, 3].map((i) => currentEntryIndex(abac, abac[i]!.songId, i))).toEqual([0, 1, 2, 3]);
    expect(nextAfter(abac, 'A', 0)?.songId).toBe('B');
    expect(nextAfter(abac, 'A', 2)?.songId).toBe('C');
    // A skipped entry is not in the engine's order: positions count the others.
    const skipped = [entry('A'), entry('X', { skip: true }), entry('B'), entry('A')];
    expect(currentEntryIndex(skipped, 'A', 2)).toBe(3);
    expect(nextAfter(skipped, 'A', 2)).toBeNull();
    // A position that does not hold the song (the order changed): its first entry.
    expect(currentEntryIndex(abac, 'A', 1)).toBe(0);
    expect(currentEntryIndex(abac, null, 0)).toBe(-1);
  });
});
