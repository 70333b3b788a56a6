import type { Dexie, EntityTable } from 'dexie';

/**
 * A song's practice and performance log on this device: running totals, sent to the account
 * as they are, so a repeated upload changes nothing.
 */
export interface PlayRecord {
  songId: string;
  /** Kept with the totals: songs are matched across devices by title and artist. */
  title: string;
  artist: string;
  /** Plays longer than 30 seconds. */
  plays: number;
  minutes: number;
  lastPlayedAt: number;
}

export interface PlaysTables {
  plays: EntityTable<PlayRecord, 'songId'>;
}

/** The practice log's store by the schema version that added it (db/schema.ts composes every store). */
export const PLAYS_STORES = {
  2: { plays: 'songId' },
} as const;

/** Adds to a song's totals in one transaction, so two writes never lose each other's minutes. */
export async function addToPlays(
  db: Pick<Dexie, 'transaction'> & PlaysTables,
  song: { id: string; title: string; artist: string },
  { minutes, newPlay, at }: { minutes: number; newPlay: boolean; at: number },
): Promise<void> {
  await db.transaction('rw', db.plays, async () => {
    const before = await db.plays.get(song.id);
    await db.plays.put({
      songId: song.id,
      title: song.title,
      artist: song.artist,
      plays: (before?.plays ?? 0) + (newPlay ? 1 : 0),
      minutes: (before?.minutes ?? 0) + minutes,
      lastPlayedAt: newPlay ? at : (before?.lastPlayedAt ?? at),
    });
  });
}
