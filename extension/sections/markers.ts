import type { MarkerRecord } from './store';

/** Names offered first; any other name is allowed. */
export const SECTION_NAMES = ['Intro', 'Verse', 'Chorus', 'Bridge', 'Outro'] as const;

export function sortMarkers(markers: readonly MarkerRecord[]): MarkerRecord[] {
  return [...markers].sort((a, b) => a.time - b.time || a.name.localeCompare(b.name));
}

/** A section runs from its marker to the next marker (or the song's end). */
export function sectionOf(markers: readonly MarkerRecord[], markerId: string, durationSec: number): { startSec: number; endSec: number } | null {
  const sorted = sortMarkers(markers);
  const index = sorted.findIndex((m) => m.id === markerId);
  if (index < 0) return null;
  const startSec = sorted[index]!.time;
  const endSec = sorted.slice(index + 1).find((m) => m.time > startSec)?.time ?? durationSec;
  return endSec > startSec ? { startSec, endSec } : null;
}

/** The name for a stamped marker: the next of the usual names after the one before it. */
export function suggestName(markers: readonly MarkerRecord[], time: number): string {
  const before = sortMarkers(markers).filter((m) => m.time <= time).at(-1);
  const index = before ? SECTION_NAMES.indexOf(before.name as (typeof SECTION_NAMES)[number]) : -1;
  if (!before) return 'Intro';
  return index >= 0 && index < SECTION_NAMES.length - 1 ? SECTION_NAMES[index + 1]! : 'Section';
}
