import { PLAYS_STORES } from '../account/store';
import { LIBRARY_STORES } from '../library/store';
import { LYRICS_STORES } from '../lyrics/store';
import { SECTIONS_STORES } from '../sections/store';
import { SETLIST_STORES } from '../setlists/store';
import { SETTINGS_STORES } from './settings';

/**
 * The shipped Dexie versions. A shipped version is never edited: a feature that adds or changes a
 * store declares it under a new version number in its store.ts, and the number is added here.
 */
export const SCHEMA_VERSIONS = [1, 2, 3] as const;
type SchemaVersion = (typeof SCHEMA_VERSIONS)[number];

/** Each feature's stores, keyed by the version that added or changed them. */
type StoresByVersion = { readonly [V in SchemaVersion]?: Readonly<Record<string, string>> };

/** In this order the composed definitions list the stores as the shipped versions did. */
const FEATURE_STORES: readonly StoresByVersion[] = [LIBRARY_STORES, SETTINGS_STORES, PLAYS_STORES, SETLIST_STORES, LYRICS_STORES, SECTIONS_STORES];

/**
 * Every store as it stands at `version`: each version restates all the stores of the versions
 * before it (as the shipped versions did), and a later declaration of a store replaces an earlier one.
 */
export function schemaAt(version: SchemaVersion): Record<string, string> {
  const stores: Record<string, string> = {};
  for (const v of SCHEMA_VERSIONS.filter((n) => n <= version)) for (const feature of FEATURE_STORES) Object.assign(stores, feature[v]);
  return stores;
}

/** Version 1: songs, tracks, audio, mixes and settings. */
export const SCHEMA_V1 = schemaAt(1);
