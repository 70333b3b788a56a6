/** What the worker's job order reads of a stem (WorkerStem). */
export interface JobStem {
  readonly wants: boolean;
  readonly short: boolean;
  readonly lead: number;
  readonly lastServed: number;
}

/**
 * The stem the decode worker serves next, one chunk per step: first the stems of the playing song
 * that are short of audio, so a prepared neighbour's pre-roll (opened after every song switch)
 * never makes the song on stage drop out; then, among the rest, the one with the fewest frames
 * decoded ahead (a seek gets every stem's first chunk before any stem its second); ties in turn.
 */
export function nextJob<T extends JobStem>(stems: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const stem of stems) {
    if (!stem.wants) continue;
    if (!best || before(stem, best)) best = stem;
  }
  return best;
}

function before(a: JobStem, b: JobStem): boolean {
  if (a.short !== b.short) return a.short;
  if (a.lead !== b.lead) return a.lead < b.lead;
  return a.lastServed < b.lastServed;
}
