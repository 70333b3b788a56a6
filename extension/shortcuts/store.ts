import { readSetting, writeSetting, type SettingsTables } from '../db/settings';
import { normalizeSettings, type PerformanceSettings } from './settings';

/** The shortcuts' key in the settings store. */
const PERFORMANCE_SETTINGS_KEY = 'performance';

export async function loadSettings(db: SettingsTables): Promise<PerformanceSettings> {
  return normalizeSettings(await readSetting(db, PERFORMANCE_SETTINGS_KEY));
}

export async function saveSettings(db: SettingsTables, settings: PerformanceSettings): Promise<void> {
  await writeSetting(db, PERFORMANCE_SETTINGS_KEY, settings);
}
