import type { EntityTable } from 'dexie';

/**
 * The settings store: small values kept on the device with the library, one record per key,
 * each key owned by one feature ('performance' for the shortcuts, 'stage' for the stage settings).
 */
export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface SettingsTables {
  settings: EntityTable<SettingRecord, 'key'>;
}

/** The settings store by the schema version that added it (db/schema.ts composes every store). */
export const SETTINGS_STORES = {
  1: { settings: 'key' },
} as const;

/** The stored value of a key; undefined when never saved. Callers normalise it: it may come from an older version. */
export async function readSetting(db: SettingsTables, key: string): Promise<unknown> {
  return (await db.settings.get(key))?.value;
}

export async function writeSetting(db: SettingsTables, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}
