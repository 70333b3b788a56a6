import type { EntityTable } from 'dexie';

/** What happens when a song of a setlist ends. */
export type EndBehaviour = 'stop' | 'continue' | 'segue';

export interface SetlistEntry {
  songId: string;
  end: EndBehaviour;
  /** Skipped live without removing it from the setlist. */
  skip: boolean;
}

export interface SetlistRecord {
  id: string;
  name: string;
  entries: SetlistEntry[];
  createdAt: number;
  updatedAt: number;
}

export interface SetlistTables {
  setlists: EntityTable<SetlistRecord, 'id'>;
}

/** The setlists' store by the schema version that added it (db/schema.ts composes every store). */
export const SETLIST_STORES = {
  3: { setlists: 'id, name, updatedAt' },
} as const;

export const allSetlists = (db: SetlistTables) => db.setlists.toArray();

export const saveEntries = (db: SetlistTables, id: string, entries: SetlistEntry[]) => db.setlists.update(id, { entries, updatedAt: Date.now() });

export const addSetlist = (db: SetlistTables, record: SetlistRecord) => db.setlists.add(record);

export const renameSetlist = (db: SetlistTables, id: string, name: string) => db.setlists.update(id, { name, updatedAt: Date.now() });

export const deleteSetlist = (db: SetlistTables, id: string) => db.setlists.delete(id);
