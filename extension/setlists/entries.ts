import type { EndBehaviour, SetlistEntry } from './store';

/** Pure edits of a setlist's entries; the model stores the result. */

/** Moves the entry at `from` to `to` (clamped): drag and drop and Alt+Up/Down use it. */
export function moveEntry<T>(entries: readonly T[], from: number, to: number): T[] {
  const next = [...entries];
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return next;
}

export function setSkip(entries: readonly SetlistEntry[], index: number, skip: boolean): SetlistEntry[] {
  return entries.map((e, i) => (i === index ? { ...e, skip } : e));
}

export function setEnd(entries: readonly SetlistEntry[], index: number, end: EndBehaviour): SetlistEntry[] {
  return entries.map((e, i) => (i === index ? { ...e, end } : e));
}

/**
 * What the engine plays: entries not skipped, in order. The song playing now stays in the
 * order even if it was just skipped, so "next" is still the one after it.
 */
export function playOrder(entries: readonly SetlistEntry[], currentSongId: string | null): { songId: string; end: EndBehaviour }[] {
  return entries.filter((e) => plays(e, currentSongId)).map(({ songId, end }) => ({ songId, end }));
}

/** Whether an entry is in the play order: not skipped, or the song playing now. */
const plays = (e: SetlistEntry, currentSongId: string | null) => !e.skip || e.songId === currentSongId;

/** The position in playOrder(entries, that entry's song) of entry `index`: which copy of a song twice in the list. */
export function playOrderIndex(entries: readonly SetlistEntry[], index: number): number {
  const songId = entries[index]?.songId ?? null;
  return entries.slice(0, index).filter((e) => plays(e, songId)).length;
}

/**
 * The index in `entries` of the entry playing `songId`. A song may be in a setlist twice, so the
 * engine's position in the play order (status.queue.index) picks the entry; when that position
 * does not hold the song (an order the engine changed), its first entry. -1: not in the setlist.
 */
export function currentEntryIndex(entries: readonly SetlistEntry[], songId: string | null, queueIndex = -1): number {
  if (!songId) return -1;
  const played = entries.flatMap((e, i) => (!e.skip || e.songId === songId ? [i] : []));
  const at = played[queueIndex];
  return at !== undefined && entries[at]!.songId === songId ? at : entries.findIndex((e) => e.songId === songId);
}

/** The entry that plays after the one playing `songId` (skips skipped ones), or the first one when none plays; null at the end. */
export function nextAfter(entries: readonly SetlistEntry[], songId: string | null, queueIndex = -1): SetlistEntry | null {
  const current = currentEntryIndex(entries, songId, queueIndex);
  if (current < 0) return entries.find((e) => !e.skip || e.songId === songId) ?? null;
  return entries.slice(current + 1).find((e) => !e.skip || e.songId === songId) ?? null;
}

/** A copy's name that does not clash: "Sunday (copy)", "Sunday (copy 2)". */
export function copyName(name: string, taken: readonly string[]): string {
  const base = `${name} (copy)`;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${name} (copy ${n})`)) return `${name} (copy ${n})`;
}
