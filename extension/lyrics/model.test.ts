import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { openLibraryDb } from '../db/db';
import { createLyricsModel } from './model';

function setup(showWords = signal(true), durationSec?: number) {
  const db = openLibraryDb(`lyrics-${Math.random()}`);
  const song = signal<{ id: string; title: string; artist: string; durationSec?: number } | null>({ id: 's', title: 'Song', artist: 'Band', durationSec });
  const position = signal(0);
  const model = createLyricsModel({ db, song, position, lookAheadMs: signal(0), showWords });
  return { db, position, model };
}

const DAMAGED = ['\uFEFF[ti:Real Song]', '[ar:The Band]', 'Written by A. Writer', '[00:01.00]One', '[01:6x.00]Broken', '[00:03.00]Two', ''].join('\r\n');

describe('lyrics model', () => {
  it('imports the timed lines of a damaged LRC and names the skipped ones in the same message', async () => {
    const { db, model } = setup();
    expect(await model.importLrc(DAMAGED, 'real.lrc')).toBe(true);
    expect(model.notice.value).toEqual({
      tone: 'success',
      text: 'Imported 2 lines from “real.lrc”; skipped 2: line 3 “Written by A. Writer” (no time stamp), line 5 “[01:6x.00]Broken” (damaged time stamp).',
    });
    expect((await db.lyrics.get('s'))?.lines).toEqual([{ time: 1, text: 'One' }, { time: 3, text: 'Two' }]);
  });

  it('an import over existing lyrics can be undone, tags included, until the next change', async () => {
    const { db, model } = setup();
    expect(model.undoable.value).toBeNull();
    await model.importLrc('[ar:Mine]\n[00:01.00]hand synced', 'mine.lrc');
    expect(model.undoable.value).toBeNull(); // nothing was replaced
    await model.importLrc(DAMAGED, 'real.lrc');
    expect(model.undoable.value?.fileName).toBe('real.lrc');
    await model.undoImport();
    expect(model.notice.value?.text).toBe('The lyrics from before “real.lrc” are back.');
    expect(await db.lyrics.get('s')).toMatchObject({ lines: [{ time: 1, text: 'hand synced' }], tags: { ar: 'Mine' } });
    expect(model.undoable.value).toBeNull();
    await model.importLrc(DAMAGED, 'real.lrc');
    await model.nudgeLine(0, 0.1);
    expect(model.undoable.value).toBeNull(); // a later edit is not thrown away by an undo
  });

  it('a file with nothing readable changes nothing and says why', async () => {
    const { db, model } = setup();
    expect(await model.importLrc('[00:01.00]a\n[00:02.00]b', 'good.lrc')).toBe(true);
    const before = await db.lyrics.get('s');
    expect(await model.importLrc('[ti:x]\njust words\n[0x:01]no', 'bad.lrc')).toBe(false);
    expect(model.notice.value?.tone).toBe('error');
    expect(model.notice.value?.text).toBe('“bad.lrc” has no readable timed lines ([mm:ss.xx] text); the lyrics stay as they were; skipped 2: line 2 “just words” (no time stamp), line 3 “[0x:01]no” (damaged time stamp).');
    expect(await db.lyrics.get('s')).toEqual(before);
  });

  it('shortens a long list of skipped lines', async () => {
    const { model } = setup();
    const junk = Array.from({ length: 30 }, (_, i) => `credit line ${i} ${'x'.repeat(80)}`);
    await model.importLrc(['[00:01.00]ok', ...junk].join('\n'), 'long.lrc');
    const text = model.notice.value!.text;
    expect(text).toMatch(/skipped 30: line 2 “credit line 0 x+…” \(no time stamp\), .* and 25 more\.$/);
    expect(text.length).toBeLessThan(400);
  });

  it('exports the imported tags, the song title where the file had none, and no offset', async () => {
    const { model } = setup();
    await model.importLrc('[ar:File Artist]\n[al:Album]\n[length:03:10]\n[by:Someone]\n[offset:1000]\n[00:11.00]<00:11.00>a <00:11.50>b', 'x.lrc');
    expect(model.exportLrc()!.text).toBe('[ti:Song]\n[ar:File Artist]\n[al:Album]\n[by:Someone]\n[length:03:10]\n[00:10.00]<00:10.00>a <00:10.50>b\n');
  });

  it("fills [length:] from the song when the file had none", async () => {
    const { model } = setup(signal(true), 194.6);
    await model.importLrc('[00:01.00]x', 'x.lrc');
    expect(model.exportLrc()!.text).toBe('[ti:Song]\n[ar:Band]\n[length:03:14]\n[00:01.00]x\n');
  });

  it('tap-to-sync stamps each pasted line with the engine position, then exports LRC', async () => {
    const { db, position, model } = setup();
    await model.pasteText('one\ntwo');
    position.value = 1.234;
    await model.tap();
    position.value = 3.5;
    await model.tap();
    expect(model.tapIndex.value).toBeNull();
    await model.nudgeLine(1, -0.1);
    expect((await db.lyrics.get('s'))?.lines).toEqual([{ time: 1.234, text: 'one' }, { time: 3.4, text: 'two' }]);
    expect(model.current.value).toBe(1);
    // Milliseconds a tap recorded are kept (.xxx) so an export re-imports to the same times.
    expect(model.exportLrc()).toEqual({ fileName: 'Band - Song.lrc', text: '[ti:Song]\n[ar:Band]\n[00:01.234]one\n[00:03.40]two\n' });
  });

  it('follows the sung word, moves words with a nudge, and marks none when word display is off', async () => {
    const showWords = signal(true);
    const { db, position, model } = setup(showWords);
    await model.importLrc('[00:02.00]<00:02.00>a <00:02.50>b <00:03.00>c<00:03.40>', 'w.lrc');
    position.value = 2.6;
    expect([model.current.value, model.current.word.value]).toEqual([0, 1]);
    position.value = 3.5;
    expect(model.current.word.value).toBe(-1); // past the end stamp
    showWords.value = false;
    position.value = 2.1;
    expect(model.current.word.value).toBe(-1);
    await model.nudgeLine(0, 0.1);
    expect((await db.lyrics.get('s'))?.lines[0]?.words?.map((w) => w.time)).toEqual([2.1, 2.6, 3.1, 3.5]);
  });

  it('reads lyrics stored before word timing, whose text kept the raw word stamps', async () => {
    const { db, model } = setup();
    await db.lyrics.put({ songId: 's', lines: [{ time: 24, text: '<00:24.00>Word <00:24.50>by' }, { time: null, text: 'plain' }], updatedAt: 1 });
    await vi.waitFor(() => expect(model.lines.value).toHaveLength(2));
    expect(model.lines.value).toEqual([
      { time: 24, text: 'Word by', words: [{ time: 24, text: 'Word ' }, { time: 24.5, text: 'by' }] },
      { time: null, text: 'plain' },
    ]);
  });
});
