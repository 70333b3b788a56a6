import { Dexie } from 'dexie';
import type { PlaysTables } from '../account/store';
import type { LibraryTables } from '../library/store';
import type { LyricsTables } from '../lyrics/store';
import type { SectionsTables } from '../sections/store';
import type { SetlistTables } from '../setlists/store';
import { SCHEMA_VERSIONS, schemaAt } from './schema';
import type { SettingsTables } from './settings';

/** The on-device database (Dexie/IndexedDB): every feature's tables in one database. */
export type LibraryDb = Dexie & LibraryTables & SettingsTables & PlaysTables & SetlistTables & LyricsTables & SectionsTables;

export const LIBRARY_DB_NAME = 'stagetracker';

/** Tests open their own database by name; the extension uses `db` below. */
export function openLibraryDb(name = LIBRARY_DB_NAME): LibraryDb {
  const library = new Dexie(name) as LibraryDb;
  for (const version of SCHEMA_VERSIONS) library.version(version).stores(schemaAt(version));
  return library;
}

/** The one library instance of each extension context (player page, offscreen engine). */
export const db = openLibraryDb();
