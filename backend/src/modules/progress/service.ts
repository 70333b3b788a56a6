import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import type { SongProgressView, songProgressSchema } from '../../../../shared/api/progress.ts';

type SongReport = z.output<typeof songProgressSchema>;

/** The same song on two devices has two local ids: match it by title and artist. */
const songKeyOf = (s: { title: string; artist: string }) => `${s.title.trim().toLowerCase()}|${s.artist.trim().toLowerCase()}`;

/**
 * Stores a device's running totals. GREATEST makes it idempotent and order-proof: a repeated
 * or late report (smaller totals) never lowers what is stored.
 */
export async function saveProgress(em: EntityManager, userId: string, deviceKey: string, songs: SongReport[]): Promise<void> {
  // A report may name one song twice (two local copies): keep the larger totals.
  const merged = new Map<string, SongReport>();
  for (const s of songs) {
    const key = songKeyOf(s);
    const prev = merged.get(key);
    merged.set(key, prev && prev.plays >= s.plays ? prev : s);
  }
  await em.transactional(async (tx) => {
    for (const [songKey, s] of merged) {
      await tx.getConnection().execute(
        `insert into song_progress (id, user_id, device_key, song_key, title, artist, plays, minutes, last_played_at, updated_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, now())
         on conflict (user_id, device_key, song_key) do update set
           plays = greatest(song_progress.plays, excluded.plays),
           minutes = greatest(song_progress.minutes, excluded.minutes),
           last_played_at = greatest(song_progress.last_played_at, excluded.last_played_at),
           title = excluded.title, artist = excluded.artist, updated_at = now()`,
        [userId, deviceKey, songKey, s.title, s.artist, s.plays, s.minutes, new Date(s.lastPlayedAt)],
        'run',
        tx.getTransactionContext(),
      );
    }
  });
}

/** The account's log: every device's totals summed per song, most recently played first. */
export async function accountProgress(em: EntityManager, userId: string): Promise<SongProgressView[]> {
  const rows = await em.getConnection().execute<
    { song_key: string; title: string; artist: string; plays: string; minutes: number; last_played_at: Date; devices: string }[]
  >(
    `select song_key, (array_agg(title order by last_played_at desc))[1] as title, (array_agg(artist order by last_played_at desc))[1] as artist,
            sum(plays) as plays, sum(minutes) as minutes, max(last_played_at) as last_played_at, count(*) as devices
       from song_progress where user_id = ? group by song_key order by max(last_played_at) desc limit 5000`,
    [userId],
  );
  return rows.map((r) => ({
    songKey: r.song_key,
    title: r.title,
    artist: r.artist,
    plays: Number(r.plays),
    minutes: Math.round(Number(r.minutes) * 10) / 10,
    lastPlayedAt: new Date(r.last_played_at).toISOString(),
    devices: Number(r.devices),
  }));
}
