import type { EngineSnapshot } from '../../shared/messages';

/** Where a restored engine should be: a song that was playing has moved on since the snapshot. */
export function resumePosition(snapshot: EngineSnapshot, now = Date.now()): number {
  const elapsed = snapshot.playing ? Math.max(0, now - snapshot.at) / 1000 : 0;
  return Math.max(0, snapshot.positionSec + elapsed);
}

export const EMPTY_SNAPSHOT: EngineSnapshot = { songId: null, queue: [], positionSec: 0, playing: false, at: 0 };

/** Neighbours of a song in the play order, to prepare ahead. */
export function neighbours(queue: readonly string[], songId: string): string[] {
  const index = queue.indexOf(songId);
  if (index < 0) return [];
  return [queue[index + 1], queue[index - 1]].filter((id): id is string => id !== undefined && id !== songId);
}
