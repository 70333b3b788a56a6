import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from '../db/db';
import { DEFAULT_STAGE_SETTINGS, normalizeStageSettings } from './settings';
import { loadStageSettings, saveStageSettings } from './store';

describe('stage settings', () => {
  it('defaults to the dark stage', () => expect(normalizeStageSettings(undefined)).toEqual(DEFAULT_STAGE_SETTINGS));

  it('keeps valid values, clamps sizes and defaults the rest', () => {
    const s = normalizeStageSettings({ theme: 'light-contrast', lyricsFontPx: 999, lookAheadMs: 'x', show: { clock: false, bogus: 1 }, lock: { confirmClose: false } });
    expect(s.theme).toBe('light-contrast');
    expect(s.lyricsFontPx).toBe(120);
    expect(s.lookAheadMs).toBe(DEFAULT_STAGE_SETTINGS.lookAheadMs);
    expect(s.transportFadeMs).toBe(8); // absent in settings stored before it existed
    expect(normalizeStageSettings({ transportFadeMs: 500 }).transportFadeMs).toBe(20);
    expect(s.show).toEqual({ ...DEFAULT_STAGE_SETTINGS.show, clock: false });
    expect(normalizeStageSettings({ lock: { confirmClose: true } }).lock.confirmClose).toBe(true);
  });

  it('turns the show guard on for settings stored before it existed, and keeps a performer turning it off', () => {
    const stored = { theme: 'dark', lock: { hideEditingWhilePlaying: true, confirmClose: false } };
    expect(normalizeStageSettings(stored).lock).toEqual({ hideEditingWhilePlaying: true, confirmClose: false, guardShow: true });
    expect(normalizeStageSettings({ lock: { guardShow: false } }).lock.guardShow).toBe(false);
  });

  it('is saved under its own key, beside the shortcuts', async () => {
    const db = openLibraryDb(`stage-${Math.random()}`);
    await db.settings.put({ key: 'performance', value: { stageLock: true } });
    await saveStageSettings(db, { ...DEFAULT_STAGE_SETTINGS, theme: 'light-contrast' });
    expect((await loadStageSettings(db)).theme).toBe('light-contrast');
    expect((await db.settings.get('performance'))?.value).toEqual({ stageLock: true });
    db.close();
  });
});
