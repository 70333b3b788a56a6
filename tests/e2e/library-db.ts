/**
 * Straight reads and writes of the library database in an extension page (Dexie, injected by
 * seedSongs/injectFixtures): for setting up what the UI cannot reach quickly, and for checking
 * what the UI stored.
 */
import type { Page } from 'puppeteer-core';

type Table = { put(v: object): Promise<unknown>; toArray(): Promise<unknown[]>; delete(k: string): Promise<unknown> };
type Db = { open(): Promise<unknown>; table(n: string): Table; close(): void };

/** Puts records into a store of the library database. */
export async function putRecords(page: Page, table: string, records: object[]): Promise<void> {
  await page.evaluate(
    async (name, list) => {
      const db = new (globalThis as unknown as { Dexie: new (n: string) => Db }).Dexie('stagetracker');
      await db.open();
      for (const record of list) await db.table(name).put(record);
      db.close();
    },
    table,
    records,
  );
}

/** Every record of a store. */
export async function readRecords<T>(page: Page, table: string): Promise<T[]> {
  return (await page.evaluate(async (name) => {
    const db = new (globalThis as unknown as { Dexie: new (n: string) => Db }).Dexie('stagetracker');
    await db.open();
    const list = await db.table(name).toArray();
    db.close();
    return list;
  }, table)) as T[];
}

export async function deleteRecord(page: Page, table: string, key: string): Promise<void> {
  await page.evaluate(
    async (name, k) => {
      const db = new (globalThis as unknown as { Dexie: new (n: string) => Db }).Dexie('stagetracker');
      await db.open();
      await db.table(name).delete(k);
      db.close();
    },
    table,
    key,
  );
}
