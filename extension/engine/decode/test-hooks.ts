/**
 * TEST-ONLY hooks for the decoder, reached by e2e tests through the offscreen page as
 * `globalThis.__engineTestHooks` (entrypoints/offscreen/main.ts). Everything is off by default;
 * nothing in the extension calls these.
 */
import type { StemStream } from '../stream';
import { decodeClient } from './client';

/** Open streams, for `streams()` below; StemStream adds and removes itself. */
export const liveStreams = new Set<StemStream>();

export interface StemReport {
  codec: string;
  inRate: number;
  outRate: number;
  channels: number;
  error: string | null;
  failedAtFrame: number | null;
  decodeMs: number;
  decodedFrames: number;
}

export const engineTestHooks = {
  /** Every decoded chunk takes `ms` longer: 'sleep' waits, 'busy' holds the worker's thread. */
  setDecodeDelay(ms: number, mode: 'sleep' | 'busy' = 'sleep'): void {
    decodeClient.setFaults({ ...decodeClient.currentFaults, delayMs: ms, delayMode: mode });
  },
  /**
   * Stems whose codec (e.g. 'opus', 'pcm-s16') or Blob MIME type (e.g. 'audio/webm') equals
   * `match` fail when decoding reaches output frame `atFrame`, from their next seek on (a song
   * load seeks to 0). `null` ends it.
   */
  setDecodeFailure(match: string | null, atFrame = 0): void {
    decodeClient.setFaults({ ...decodeClient.currentFaults, failure: match === null ? null : { match, atFrame } });
  },
  /** What every open stream reports, in opening order. */
  streams(): StemReport[] {
    return [...liveStreams].map((s) => ({
      codec: s.codec,
      inRate: s.inRate,
      outRate: s.outRate,
      channels: s.channels,
      error: s.error?.message ?? null,
      failedAtFrame: s.failedAtFrame,
      decodeMs: s.decodeMs,
      decodedFrames: s.decodedFrames,
    }));
  },
};
