import type { LibraryDb } from '../library/db';
import { DATA_STORES, type StoreRecords } from './format';

/** Every data store in one read transaction: a consistent snapshot (audio excluded). */
export function readStores(db: LibraryDb): Promise<StoreRecords> {
  return db.transaction('r', DATA_STORES.map((s) => db[s]), async () => {
    const entries = await Promise.all(DATA_STORES.map(async (s) => [s, await db[s].toArray()] as const));
    return Object.fromEntries(entries) as unknown as StoreRecords;
  });
}
