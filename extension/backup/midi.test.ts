import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '../db/db';
import { loadSongOuts, saveSongOuts } from '../midi/song-out';
import { DEFAULT_MIDI, DEFAULT_SETTINGS } from '../shortcuts/settings';
import { loadSettings, saveSettings } from '../shortcuts/store';
import { exportLibrary } from './export';
import { planImport } from './plan';
import { readBackup } from './read-backup';
import { applyImport, readStores } from './store';

const fresh = () => openLibraryDb(`backup-midi-${Math.random()}`);

async function restore(source: ReturnType<typeof fresh>) {
  const contents = await readBackup(new File([await exportLibrary(source)], 'backup.zip'));
  const target = fresh();
  await applyImport(target, contents, planImport(contents, await readStores(target), 'replace', 'keep'));
  return target;
}

describe('MIDI settings in the backup', () => {
  it('carries the learned MIDI triggers, options and per-song MIDI out, and restores them', async () => {
    const source = fresh();
    const midi = { ...DEFAULT_MIDI, enabled: true, programBase: 1 as const, bindings: { ...DEFAULT_MIDI.bindings, 'play-pause': ['cc:1:64'], next: ['note:10:36'] } };
    await saveSettings(source, { ...DEFAULT_SETTINGS, stageLock: true, midi });
    await saveSongOuts(source, { s1: { channel: 3, program: 12, cc: null } });

    const target = await restore(source);
    expect(await loadSettings(target)).toEqual({ ...DEFAULT_SETTINGS, stageLock: true, midi });
    expect(await loadSongOuts(target)).toEqual({ s1: { channel: 3, program: 12, cc: null } });
  });

  it('restores a backup made before MIDI: the shortcuts come back, MIDI starts off and unlearned', async () => {
    const source = fresh();
    // The performance record as it was stored before MIDI existed.
    await source.settings.put({ key: 'performance', value: { shortcuts: { ...DEFAULT_SETTINGS.shortcuts, stop: ['X'] }, stageLock: true } });

    const target = await restore(source);
    const restored = await loadSettings(target);
    expect(restored.shortcuts.stop).toEqual(['X']);
    expect(restored.midi).toEqual(DEFAULT_MIDI);
    expect(await loadSongOuts(target)).toEqual({});
  });
});
