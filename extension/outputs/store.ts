import { readSetting, writeSetting, type SettingsTables } from '../db/settings';
import { cleanDefault, cleanRouting, type DefaultRouting, type SongRouting } from './routing';

/**
 * Routing and the output device live in the settings store (no schema change): one record per
 * song that has its own routing, one for the default and one for the device. The settings store
 * goes into the backup with everything else.
 */
const songKey = (songId: string) => `routing:${songId}`;
const DEFAULT_KEY = 'routing:default';
const DEVICE_KEY = 'outputDevice';
/** The performer answered the explanation before Chrome's microphone prompt (allowed or not): it is not shown again. */
const NAMES_ASKED_KEY = 'outputNamesAsked';

/** The output device the performer chose; `label` to name it when it is missing. */
export interface OutputDevicePreference {
  deviceId: string;
  label: string;
}

/** A song's own routing; undefined when it follows the default. */
export async function loadSongRouting(db: SettingsTables, songId: string): Promise<SongRouting | undefined> {
  const value = await readSetting(db, songKey(songId));
  return value === undefined ? undefined : cleanRouting(value);
}

export async function saveSongRouting(db: SettingsTables, songId: string, routing: SongRouting | null): Promise<void> {
  if (routing === null) await db.settings.delete(songKey(songId));
  else await writeSetting(db, songKey(songId), cleanRouting(routing));
}

export async function loadDefaultRouting(db: SettingsTables): Promise<DefaultRouting> {
  return cleanDefault(await readSetting(db, DEFAULT_KEY));
}

export async function saveDefaultRouting(db: SettingsTables, routing: DefaultRouting): Promise<void> {
  await writeSetting(db, DEFAULT_KEY, cleanDefault(routing));
}

export async function loadOutputDevice(db: SettingsTables): Promise<OutputDevicePreference | null> {
  const value = (await readSetting(db, DEVICE_KEY)) as Partial<OutputDevicePreference> | undefined;
  return typeof value?.deviceId === 'string' && value.deviceId ? { deviceId: value.deviceId, label: String(value.label ?? '') } : null;
}

/** `null`: the system default output. */
export async function saveOutputDevice(db: SettingsTables, device: OutputDevicePreference | null): Promise<void> {
  if (device === null) await db.settings.delete(DEVICE_KEY);
  else await writeSetting(db, DEVICE_KEY, { deviceId: device.deviceId, label: device.label });
}

export async function loadNamesAsked(db: SettingsTables): Promise<boolean> {
  return (await readSetting(db, NAMES_ASKED_KEY)) === true;
}

export async function saveNamesAsked(db: SettingsTables): Promise<void> {
  await writeSetting(db, NAMES_ASKED_KEY, true);
}
