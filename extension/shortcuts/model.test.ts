// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibraryDb } from '../db/db';
import { freshDb } from '../library/testing/fake-library';
import type { ShortcutAction } from './actions';
import { createShortcutsModel } from './model';
import { loadSettings } from './store';
import { fakeClock } from './testing/fake-clock';

let db: LibraryDb;
afterEach(async () => {
  await db?.delete();
});

async function setup({ playing = false } = {}) {
  db = freshDb();
  const ran: ShortcutAction[] = [];
  const isPlaying = signal(playing);
  const { clock, advance } = fakeClock();
  const chromeCommands = async () => [{ name: 'play-pause', description: 'Play or pause', shortcut: 'Ctrl+Shift+1' }];
  const model = createShortcutsModel({ db, run: async (a) => (ran.push(a), { ok: true as const }), isPlaying, chromeCommands, clock });
  await model.load();
  return { model, ran, isPlaying, advance };
}

describe('shortcuts model', () => {
  it.each([
    ['Space', 'play-pause'],
    ['Escape', 'panic'],
    ['ArrowRight', 'next'],
    ['PageDown', 'next'],
    ['ArrowLeft', 'previous'],
    ['PageUp', 'previous'],
    ['S', 'stop'],
    ['Home', 'restart'],
    ['Shift+ArrowRight', 'seek-forward'],
  ] as const)('%s runs %s by default', async (chord, action) => {
    const { model, ran } = await setup();
    expect(model.keyDown(chord, false)).toBe(true);
    expect(ran).toEqual([action]);
  });

  it('leaves unbound keys alone and acts once for a held key', async () => {
    const { model, ran } = await setup();
    expect(model.keyDown('Q', false)).toBe(false);
    model.keyDown('Space', false);
    expect(model.keyDown('Space', true)).toBe(true);
    expect(ran).toEqual(['play-pause']);
  });

  it('with stage lock on, ignores a single Next tap while playing, but not a double press', async () => {
    const { model, ran, advance } = await setup({ playing: true });
    await model.setStageLock(true);

    model.keyDown('PageDown', false);
    model.keyUp('PageDown');
    advance(1000);
    expect(ran).toEqual([]);
    expect(model.feedback.value).toEqual({ tone: 'locked', text: 'Stage lock: hold or press twice for Next song' });

    model.keyDown('PageDown', false);
    model.keyUp('PageDown');
    advance(200);
    model.keyDown('PageDown', false);
    expect(ran).toEqual(['next']);
    // Play/pause and panic are never held back.
    model.keyDown('Escape', false);
    expect(ran).toEqual(['next', 'panic']);
  });

  it('with stage lock on, acts at once when nothing plays', async () => {
    const { model, ran } = await setup({ playing: false });
    await model.setStageLock(true);
    model.keyDown('ArrowRight', false);
    expect(ran).toEqual(['next']);
  });

  it('captures a new key, saves it, and shows a conflict instead of silently stealing a key', async () => {
    const { model, ran } = await setup();
    model.startCapture('next');
    expect(model.keyDown('N', false)).toBe(true);
    expect(model.bindings.value.next).toEqual(['ArrowRight', 'PageDown', 'N']);
    expect(ran).toEqual([]);

    model.startCapture('stop');
    model.keyDown('Space', false);
    expect(model.conflict.value).toEqual({ source: 'key', action: 'stop', chord: 'Space', owner: { kind: 'action', action: 'play-pause' } });
    expect(model.bindings.value.stop).toEqual(['S']);
    await model.resolveConflict(true);
    expect(model.bindings.value.stop).toEqual(['S', 'Space']);
    expect(model.bindings.value['play-pause']).toEqual([]);
    expect((await loadSettings(db)).shortcuts.stop).toEqual(['S', 'Space']);
  });

  it("refuses a Chrome command's key, and Tab", async () => {
    const { model } = await setup();
    model.startCapture('stop');
    model.keyDown('Ctrl+Shift+1', false);
    expect(model.conflict.value?.owner).toEqual({ kind: 'chrome', description: 'Play or pause' });
    await model.resolveConflict(true);
    expect(model.bindings.value.stop).toEqual(['S']);

    model.startCapture('stop');
    expect(model.keyDown('Tab', false)).toBe(false);
    expect(model.capturing.value).toBeNull();
    expect(model.bindings.value.stop).toEqual(['S']);
  });

  it('removes a key and resets to the defaults', async () => {
    const { model } = await setup();
    await model.removeChord('Space');
    expect(model.bindings.value['play-pause']).toEqual([]);
    await model.resetShortcuts();
    expect(model.bindings.value['play-pause']).toEqual(['Space']);
  });

  it('learns a MIDI trigger for an action, saves it, and runs the action from it', async () => {
    const { model, ran } = await setup();
    model.startLearn('play-pause');
    expect(model.midiPress('cc:1:64')).toBe(true);
    expect(ran).toEqual([]);
    expect(model.learning.value).toBeNull();
    expect((await loadSettings(db)).midi.bindings['play-pause']).toEqual(['cc:1:64']);

    expect(model.midiPress('cc:1:64')).toBe(true);
    expect(ran).toEqual(['play-pause']);
    expect(model.midiPress('cc:1:65')).toBe(false);
  });

  it('reports a MIDI trigger learned for another action as a conflict, and moves it only when asked', async () => {
    const { model } = await setup();
    model.startLearn('next');
    model.midiPress('note:1:60');
    model.startLearn('stop');
    model.midiPress('note:1:60');
    expect(model.conflict.value).toEqual({ source: 'midi', action: 'stop', chord: 'note:1:60', owner: { kind: 'action', action: 'next' } });
    expect(model.midiBindings.value.stop).toEqual([]);
    await model.resolveConflict(true);
    expect(model.midiBindings.value.stop).toEqual(['note:1:60']);
    expect(model.midiBindings.value.next).toEqual([]);
    await model.removeTrigger('note:1:60');
    expect((await loadSettings(db)).midi.bindings.stop).toEqual([]);
  });

  it('with stage lock on while playing, a learned note must be held or sent twice; a program change twice', async () => {
    const { model, ran, advance } = await setup({ playing: true });
    await model.setStageLock(true);
    model.startLearn('next');
    model.midiPress('note:1:60');
    model.startLearn('stop');
    model.midiPress('pc:1:9');

    model.midiPress('note:1:60');
    model.midiRelease('note:1:60');
    advance(1000);
    expect(ran).toEqual([]);
    model.midiPress('note:1:60');
    advance(700); // held
    expect(ran).toEqual(['next']);

    model.midiPress('pc:1:9');
    expect(model.feedback.value).toEqual({ tone: 'locked', text: 'Stage lock: press twice for Stop' });
    advance(100);
    model.midiPress('pc:1:9');
    expect(ran).toEqual(['next', 'stop']);
  });
});
