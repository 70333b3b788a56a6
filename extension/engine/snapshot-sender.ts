import type { EngineSnapshot } from '../../shared/messages';

/**
 * Passes a snapshot on only when it says something new: a playing song's position follows from
 * `at`, so fader moves and status polls do not send anything.
 */
export function dedupeSnapshots(send: (snapshot: EngineSnapshot) => void): (snapshot: EngineSnapshot) => void {
  let last = '';
  return (snapshot) => {
    const key = JSON.stringify([
      snapshot.songId,
      snapshot.queue,
      snapshot.playing,
      snapshot.ends,
      // While playing, only a jump (seek) changes the projected start.
      snapshot.playing ? Math.round((snapshot.at / 1000 - snapshot.positionSec) * 2) : snapshot.positionSec.toFixed(2),
    ]);
    if (key === last) return;
    last = key;
    send(snapshot);
  };
}
