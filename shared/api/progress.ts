import { z } from 'zod';
import { pastDateTime, safeText } from './text.ts';

/**
 * The practice and performance log. Each device sends its own running totals per song (not
 * increments), so sending the same report twice, or out of order, changes nothing: the server
 * keeps each device's latest totals and the account view sums them.
 */
export const songProgressSchema = z.strictObject({
  /** The song's id on the device library (a UUID); songs are matched across devices by title + artist too. */
  songId: safeText('songId', { min: 1, max: 64 }),
  title: safeText('title', { min: 1, max: 200 }),
  artist: safeText('artist', { max: 200 }).default(''),
  plays: z.number({ error: 'plays must be a number.' }).int('plays must be a whole number.').min(0).max(1_000_000),
  minutes: z.number({ error: 'minutes must be a number.' }).min(0).max(10_000_000),
  /** ISO time of the last play longer than 30 seconds. */
  lastPlayedAt: pastDateTime('lastPlayedAt'),
});

export const saveProgressRequest = z.strictObject({
  songs: z.array(songProgressSchema, { error: 'songs must be a list.' }).min(1, 'Send at least one song.').max(2000, 'Send at most 2000 songs at once.'),
});
export type SaveProgressRequest = z.input<typeof saveProgressRequest>;

export interface SongProgressView {
  songKey: string;
  title: string;
  artist: string;
  plays: number;
  minutes: number;
  lastPlayedAt: string;
  devices: number;
}
