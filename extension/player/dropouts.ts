import { count } from '../../shared/count';
import type { Dropout, TrackDropouts } from '../../shared/messages';

/** m:ss, as the transport shows positions. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** One dropout worded for the performer: which stem, where, and the likely cause. */
export function describeDropout(d: Dropout): string {
  if (d.kind === 'decode-error') {
    return `${d.trackName} stopped at ${clock(d.atSec)}: its file could not be decoded${d.message ? ` (${d.message})` : ''}. The other tracks play on.`;
  }
  const ms = Math.max(1, Math.round(d.silentSec * 1000));
  return `${d.trackName} dropped out at ${clock(d.atSec)} for ${ms} ms — storage or CPU too slow? The tracks stayed in sync.`;
}

/** One track's troubles in the current song, for its mixer strip: "2 dropouts and 1 decode error in this song". */
export function trackTrouble({ underruns, decodeErrors }: TrackDropouts): string | null {
  const parts = [underruns ? count(underruns, 'dropout') : '', decodeErrors ? count(decodeErrors, 'decode error') : ''].filter(Boolean);
  return parts.length ? `${parts.join(' and ')} in this song` : null;
}

/**
 * The latest dropout of the current song and how many there were, or null when it played clean.
 * `perTrack` (the engine's full counts; the list keeps only the last ones) names the tracks.
 */
export function dropoutSummary(dropouts: readonly Dropout[], perTrack: Readonly<Record<string, TrackDropouts>> = {}): { text: string; count: number } | null {
  const last = dropouts.at(-1);
  if (!last) return null;
  const tracks = Object.values(perTrack).filter((t) => t.underruns + t.decodeErrors > 0);
  const total = tracks.length ? tracks.reduce((n, t) => n + t.underruns + t.decodeErrors, 0) : dropouts.length;
  const which = tracks.length > 1 ? `: ${tracks.map((t) => `${t.trackName} ${t.underruns + t.decodeErrors}`).join(', ')}` : '';
  const more = total > 1 ? ` (${total} dropouts in this song${which})` : '';
  return { text: describeDropout(last) + more, count: total };
}
