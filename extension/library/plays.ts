import { signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import type { PlayRecord, PlaysTables } from '../account/store';
import { count } from '../../shared/count';

/** The practice log by song id, kept live (the account side writes it while songs play). Read-only here. */
export function createPlaysView(db: PlaysTables) {
  const bySong = signal<ReadonlyMap<string, PlayRecord>>(new Map());
  const subscription = liveQuery(() => db.plays.toArray()).subscribe({
    next: (list) => (bySong.value = new Map(list.map((p) => [p.songId, p]))),
    // The log is informational: an unreadable store only hides it.
    error: () => (bySong.value = new Map()),
  });
  return { bySong, dispose: () => subscription.unsubscribe() };
}

/** e.g. "12 plays · 47 min · last played 3 Nov 2026"; empty when never played. */
export function describePlays(record: PlayRecord | undefined, locale?: string): string {
  if (!record || record.plays === 0) return '';
  const when = new Date(record.lastPlayedAt).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const plays = count(record.plays, 'play');
  return `${plays} · ${Math.round(record.minutes)} min · last played ${when}`;
}
