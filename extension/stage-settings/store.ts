import { readSetting, writeSetting, type SettingsTables } from '../db/settings';
import { normalizeStageSettings, type StageSettings } from './settings';

/** The stage settings' key in the settings store; the shortcuts keep their own 'performance' key. */
const STAGE_SETTINGS_KEY = 'stage';

export async function loadStageSettings(db: SettingsTables): Promise<StageSettings> {
  return normalizeStageSettings(await readSetting(db, STAGE_SETTINGS_KEY));
}

export async function saveStageSettings(db: SettingsTables, settings: StageSettings): Promise<void> {
  await writeSetting(db, STAGE_SETTINGS_KEY, settings);
}
