import type { EngineStatus } from '../../shared/messages';

/**
 * A segment that starts this close (seconds) to 0 started at the song's start. The position comes
 * from `currentTime`, which moves a render callback at a time (512 frames, 11.6 ms, measured here),
 * and `sampledAt` is whole-ms wall time: a status taken after the head began to move can put the
 * start a callback and a millisecond off 0. At 1 ms, such a status (the first one to arrive on a
 * busy machine) was taken for a seek and the song's program change was never sent.
 */
const AT_START_SEC = 0.03;

/**
 * When (epoch ms) the song's first frame is heard, if the segment now playing started at the
 * song's start; null otherwise (paused, stopped, or playing from a seek or a loop). The engine
 * reports when its play head starts to advance (`advancesAt`: the AudioContext time of that frame,
 * mapped to the epoch) and, once it advances, how far it has come; the context's latencies (the
 * hand-over to the audio system and to the device) come after that time. Precision: the engine
 * maps context time to the epoch with Date.now() (whole ms) against currentTime, which moves in
 * render-callback steps (about 10 ms in Chrome), hence a few ms of jitter (bench: player-midi).
 */
export function songStartEpoch(status: EngineStatus): number | null {
  if (status.state !== 'playing' || status.advancesAt === null) return null;
  const advancedMs = Math.max(0, status.sampledAt - status.advancesAt);
  const segmentStartSec = status.positionSec - advancedMs / 1000;
  if (Math.abs(segmentStartSec) > AT_START_SEC) return null;
  // currentTime, against which the engine maps, moves once per render callback (Chrome's
  // baseLatency is that callback's length), so on average it was read half a callback after it moved.
  const latency = status.latency ? status.latency.baseSec / 2 + status.latency.outputSec : 0;
  return status.advancesAt + latency * 1000;
}

/**
 * An epoch time on this page's performance.now() timeline, the clock of Web MIDI timestamps.
 * Each document has its own timeOrigin (the offscreen engine's is not the page's), so the epoch
 * is the common ground.
 */
export const epochToPageClock = (epochMs: number, pageTimeOrigin: number): number => epochMs - pageTimeOrigin;

/**
 * The Web MIDI timestamp that sends a message with the song's first frame: that frame on the
 * page's clock, or 0 (at once) when it has already passed.
 */
export function midiTimestampFor(firstFramePageMs: number, pageNow: number): number {
  return firstFramePageMs > pageNow ? firstFramePageMs : 0;
}
