import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '../db/db';
import { createLyricsModel } from './model';

function setup() {
  const db = openLibraryDb(`lyrics-${Math.random()}`);
  const song = signal<{ id: string; title: string; artist: string } | null>({ id: 's', title: 'Song', artist: 'Band' });
  const position = signal(0);
  const model = createLyricsModel({ db, song, position, lookAheadMs: signal(0) });
  return { db, position, model };
}

describe('lyrics model', () => {
  it('a malformed LRC changes nothing and names the bad lines', async () => {
    const { db, model } = setup();
    expect(await model.importLrc('[00:01.00]a\n[00:02.00]b', 'good.lrc')).toBe(true);
    const before = await db.lyrics.get('s');
    expect(await model.importLrc('[00:01.00]x\nbroken', 'bad.lrc')).toBe(false);
    expect(model.notice.value?.text).toMatch(/“bad\.lrc” was not imported; the lyrics stay as they were\. 1 line could not be read: line 2: “broken”/);
    expect(await db.lyrics.get('s')).toEqual(before);
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
    expect(model.exportLrc()).toEqual({ fileName: 'Band - Song.lrc', text: '[ti:Song]\n[ar:Band]\n[00:01.23]one\n[00:03.40]two\n' });
  });
});
