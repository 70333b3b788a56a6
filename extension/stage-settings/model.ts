import { computed, signal } from '@preact/signals';
import type { SettingsTables } from '../db/settings';
import { DEFAULT_STAGE_SETTINGS, normalizeStageSettings, type StageSettings } from './settings';
import { loadStageSettings, saveStageSettings } from './store';

/** Stage settings as the player reads them; every change is saved on the device at once. */
export function createStageSettingsModel({ db }: { db: SettingsTables }) {
  const settings = signal<StageSettings>(DEFAULT_STAGE_SETTINGS);
  const error = signal<string | null>(null);
  const lookAheadMs = computed(() => settings.value.lookAheadMs);
  /** The stored settings have been read (until then `settings` holds the defaults). */
  const loaded = signal(false);

  async function load(): Promise<void> {
    try {
      settings.value = await loadStageSettings(db);
    } catch (e) {
      error.value = `Stage settings could not be read; using the defaults (${String(e)}).`;
    }
    loaded.value = true;
  }

  async function update(patch: Partial<StageSettings>): Promise<void> {
    const next = normalizeStageSettings({ ...settings.value, ...patch });
    settings.value = next;
    try {
      await saveStageSettings(db, next);
      error.value = null;
    } catch (e) {
      error.value = `Stage settings could not be saved: ${String(e)}`;
    }
  }

  const setShow = (key: keyof StageSettings['show'], on: boolean) => update({ show: { ...settings.value.show, [key]: on } });
  const setLock = (key: keyof StageSettings['lock'], on: boolean) => update({ lock: { ...settings.value.lock, [key]: on } });

  return { settings, error, lookAheadMs, loaded, load, update, setShow, setLock };
}

export type StageSettingsModel = ReturnType<typeof createStageSettingsModel>;

/** Applies theme and font sizes to the page (CSS custom properties and a data attribute). */
export function applyStageLook(root: HTMLElement, settings: StageSettings): void {
  root.dataset.theme = settings.theme;
  root.style.setProperty('--stage-lyrics-size', `${settings.lyricsFontPx}px`);
  root.style.fontSize = `${settings.uiFontPercent}%`;
}
