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
  return entries.filter((e) => !e.skip || e.songId === currentSongId).map(({ songId, end }) => ({ songId, end }));
}

/** The entry that plays after `songId` (skips skipped ones), or null. */
export function nextAfter(entries: readonly SetlistEntry[], songId: string | null): SetlistEntry | null {
  const order = entries.filter((e) => !e.skip || e.songId === songId);
  const index = order.findIndex((e) => e.songId === songId);
  return index < 0 ? (order[0] ?? null) : (order[index + 1] ?? null);
}

/** A copy's name that does not clash: "Sunday (copy)", "Sunday (copy 2)". */
export function copyName(name: string, taken: readonly string[]): string {
  const base = `${name} (copy)`;
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${name} (copy ${n})`)) return `${name} (copy ${n})`;
}
