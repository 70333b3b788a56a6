import type { EngineSnapshot } from '../../shared/messages';

/** Where a restored engine should be: a song that was playing has moved on since the snapshot. */
export function resumePosition(snapshot: EngineSnapshot, now = Date.now()): number {
  const elapsed = snapshot.playing ? Math.max(0, now - snapshot.at) / 1000 : 0;
  return Math.max(0, snapshot.positionSec + elapsed);
}
