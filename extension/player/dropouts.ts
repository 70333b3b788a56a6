import type { Dropout } from '../../shared/messages';

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

/** The latest dropout of the current song and how many there were, or null when it played clean. */
export function dropoutSummary(dropouts: readonly Dropout[]): { text: string; count: number } | null {
  const last = dropouts.at(-1);
  if (!last) return null;
  const more = dropouts.length > 1 ? ` (${dropouts.length} dropouts in this song)` : '';
  return { text: describeDropout(last) + more, count: dropouts.length };
}
