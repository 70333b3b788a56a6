// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openLibraryDb } from './db';
import { SCHEMA_VERSIONS, schemaAt } from './schema';

/**
 * The store definitions as they shipped, when one file held them all. Users' databases were
 * created from these, so the composed schema must match them exactly, version by version.
 */
const SHIPPED_V1 = {
  songs: 'id, title, artist, *tags, *searchWords, updatedAt',
  tracks: 'id, songId, [songId+order]',
  audio: 'id',
  mixes: 'songId',
  settings: 'key',
};
const SHIPPED_V2 = { ...SHIPPED_V1, plays: 'songId' };
const SHIPPED_V3 = { ...SHIPPED_V2, setlists: 'id, name, updatedAt', lyrics: 'songId', markers: 'id, songId, [songId+time]', songShow: 'songId' };
const SHIPPED = { 1: SHIPPED_V1, 2: SHIPPED_V2, 3: SHIPPED_V3 } as const;

/** A database as a user's browser holds it, opened by the code that shipped, up to `upTo`. */
function openShipped(name: string, upTo: 1 | 2 | 3): Dexie {
  const shipped = new Dexie(name);
  for (const version of SCHEMA_VERSIONS.filter((v) => v <= upTo)) shipped.version(version).stores(SHIPPED[version]);
  return shipped;
}

/** What IndexedDB itself holds: the version, and every store's key path and indexes. */
async function structureOf(name: string) {
  const idb = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const names = [...idb.objectStoreNames];
  const stores = names.length ? idb.transaction(names, 'readonly') : null;
  const structure = {
    version: idb.version,
    stores: names.map((storeName) => {
      const store = stores!.objectStore(storeName);
      const indexes = [...store.indexNames].map((indexName) => {
        const index = store.index(indexName);
        return { name: index.name, keyPath: index.keyPath, multiEntry: index.multiEntry, unique: index.unique };
      });
      return { name: storeName, keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes };
    }),
  };
  idb.close();
  return structure;
}

const unique = (prefix: string) => `${prefix}-${Math.random()}`;

describe('the composed database schema', () => {
  it.each(SCHEMA_VERSIONS)('equals the shipped store definitions of version %i, store by store and in order', (version) => {
    expect(schemaAt(version)).toEqual(SHIPPED[version]);
    expect(Object.entries(schemaAt(version))).toEqual(Object.entries(SHIPPED[version]));
  });

  it('creates exactly the stores and indexes the shipped code created', async () => {
    const shippedName = unique('shipped');
    const composedName = unique('composed');
    const shipped = openShipped(shippedName, 3);
    const composed = openLibraryDb(composedName);
    await Promise.all([shipped.open(), composed.open()]);
    shipped.close();
    composed.close();
    const expected = await structureOf(shippedName);
    expect(expected.stores.map((s) => s.name).sort()).toEqual(Object.keys(SHIPPED_V3).sort());
    expect(await structureOf(composedName)).toEqual(expected);
  });

  it.each(SCHEMA_VERSIONS)('opens a user database of version %i and keeps its records', async (version) => {
    const name = unique(`user-v${version}`);
    const shipped = openShipped(name, version);
    await shipped.table('songs').put({ id: 's1', title: 'Oceans', artist: '', tags: [], searchWords: ['oceans'], updatedAt: 1 });
    await shipped.table('settings').put({ key: 'stage', value: { theme: 'light-contrast' } });
    if (version >= 2) await shipped.table('plays').put({ songId: 's1', title: 'Oceans', artist: '', plays: 2, minutes: 9, lastPlayedAt: 5 });
    if (version >= 3) await shipped.table('markers').put({ id: 'm1', songId: 's1', name: 'Chorus', time: 12 });
    shipped.close();

    const db = openLibraryDb(name);
    expect((await db.songs.get('s1'))?.title).toBe('Oceans');
    expect((await db.settings.get('stage'))?.value).toEqual({ theme: 'light-contrast' });
    expect(await db.plays.count()).toBe(version >= 2 ? 1 : 0);
    expect(await db.markers.where('[songId+time]').between(['s1', 0], ['s1', Infinity]).count()).toBe(version >= 3 ? 1 : 0);
    db.close();

    const reference = unique('reference');
    const fresh = openShipped(reference, 3);
    await fresh.open();
    fresh.close();
    expect(await structureOf(name)).toEqual(await structureOf(reference));
  });
});
