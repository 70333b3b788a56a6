import type { LibraryDb } from '../db/db';
import { abortError, ALL_STORES, DATA_STORES, type StoreRecords } from './format';
import type { ImportPlan } from './plan';
import type { BackupContents } from './read-backup';

/** The backup owns no store: it reads and writes every feature's stores, each time in one transaction. */

/** Every data store in one read transaction: a consistent snapshot (audio excluded). */
export function readStores(db: LibraryDb): Promise<StoreRecords> {
  return db.transaction('r', DATA_STORES.map((s) => db[s]), async () => {
    const entries = await Promise.all(DATA_STORES.map(async (s) => [s, await db[s].toArray()] as const));
    return Object.fromEntries(entries) as unknown as StoreRecords;
  });
}

/**
 * Writes a checked plan in ONE transaction over every store: a failure or a cancel part way
 * rolls everything back, so the library is exactly as it was.
 */
export async function applyImport(db: LibraryDb, backup: BackupContents, plan: ImportPlan, signal?: AbortSignal): Promise<void> {
  const check = () => {
    if (signal?.aborted) throw abortError();
  };
  check();
  await db.transaction('rw', ALL_STORES.map((s) => db[s]), async () => {
    if (plan.clear) for (const store of ALL_STORES) await db[store].clear();
    for (const songId of plan.deleteSongIds) {
      const trackIds = await db.tracks.where('songId').equals(songId).primaryKeys();
      await db.audio.bulkDelete(trackIds);
      await db.tracks.bulkDelete(trackIds);
      await db.markers.where('songId').equals(songId).delete();
      await Promise.all([db.songs.delete(songId), db.mixes.delete(songId), db.lyrics.delete(songId), db.songShow.delete(songId), db.plays.delete(songId)]);
    }
    check();
    for (const store of DATA_STORES) {
      // bulkPut's typing is per table; the records were validated against each store.
      if (plan.puts[store].length) await (db[store] as unknown as { bulkPut(r: unknown[]): Promise<unknown> }).bulkPut(plan.puts[store]);
    }
    for (const id of plan.audioIds) {
      check();
      const blob = backup.audio.get(id);
      if (!blob) throw new Error(`The audio of track ${id} is missing.`);
      await db.audio.put({ id, blob });
    }
    check();
  });
}
