import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '../db/db';
import { lyricsOf, normalizeLine, saveLyrics, type LyricLine } from './store';

describe('stored lyrics', () => {
  it.each([
    { name: 'a plain line as stored before word timing', line: { time: 1, text: 'x' }, out: { time: 1, text: 'x' } },
    { name: 'a line whose words are not words', line: { time: 1, text: 'x', words: [{ time: 'soon', text: 'x' }] }, out: { time: 1, text: 'x' } },
    { name: 'a line with no usable time', line: { time: 'later', text: 5 }, out: { time: null, text: '' } },
    {
      name: 'old text holding raw word stamps',
      line: { time: 3, text: 'Hi <00:03.50>there' },
      out: { time: 3, text: 'Hi there', words: [{ time: 3, text: 'Hi ' }, { time: 3.5, text: 'there' }] },
    },
    { name: 'a damaged raw word stamp: text without it', line: { time: 3, text: 'Hi <00:9x.50>there' }, out: { time: 3, text: 'Hi there' } },
  ])('reads $name', ({ line, out }) => expect(normalizeLine(line as unknown as LyricLine)).toEqual(out));

  it('keeps the file tags through a save without tags (a tap or a nudge), and drops non-string tags', async () => {
    const db = openLibraryDb(`lyrics-store-${Math.random()}`);
    await saveLyrics(db, 's', [{ time: 1, text: 'a' }], { ti: 'T', length: '03:00' });
    await saveLyrics(db, 's', [{ time: 1.1, text: 'a' }]);
    expect((await lyricsOf(db, 's'))?.tags).toEqual({ ti: 'T', length: '03:00' });
    await db.lyrics.put({ songId: 'o', lines: [], tags: { ti: 'ok', ar: 7 } as unknown as Record<string, string>, updatedAt: 1 });
    expect((await lyricsOf(db, 'o'))?.tags).toEqual({ ti: 'ok' });
  });
});
