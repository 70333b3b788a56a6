import type { TrackRecord } from './store';

/** Offered in the group field; any other label is allowed. */
export const TRACK_GROUPS = ['Drums', 'Percussion', 'Bass', 'Keys', 'Guitars', 'Vocals', 'Click/Guide'];
/** What the colour field shows for a track without a colour of its own (the theme's waveform green). */
export const DEFAULT_TRACK_COLOUR = '#3ddc84';

/** The usual groups, then the song's own labels. */
export function groupOptions(tracks: readonly TrackRecord[]): string[] {
  return [...new Set([...TRACK_GROUPS, ...tracks.map((t) => t.group ?? '').filter(Boolean)])];
}
