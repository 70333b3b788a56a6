import { describe, expect, it } from 'vitest';
import { sectionOf, suggestName } from './markers';
import type { MarkerRecord } from './store';

const m = (id: string, name: string, time: number): MarkerRecord => ({ id, songId: 's', name, time });
const markers = [m('c', 'Chorus', 20), m('i', 'Intro', 0), m('v', 'Verse', 8)];

describe('sections', () => {
  it('runs from a marker to the next one, the last to the song end', () => {
    expect(sectionOf(markers, 'v', 40)).toEqual({ startSec: 8, endSec: 20 });
    expect(sectionOf(markers, 'c', 40)).toEqual({ startSec: 20, endSec: 40 });
    expect(sectionOf(markers, 'x', 40)).toBeNull();
  });

  it('suggests the next usual name for a stamped marker', () => {
    expect(suggestName([], 3)).toBe('Intro');
    expect(suggestName(markers, 9)).toBe('Chorus');
    expect(suggestName(markers, 25)).toBe('Bridge');
  });
});
