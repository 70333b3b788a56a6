import { CHUNK_FRAMES } from './decode/chunk-grid';

/**
 * A buffer given back is reused only this long after (context time): a source stopped by a
 * pause, seek or seam may still be fading out of it (a fade is at most 20 ms, after a render-ahead
 * of about 30 ms). Short enough that the burst of decoding after a seek reuses what it dropped.
 */
const QUARANTINE_SEC = 0.25;

interface Free {
  buffer: AudioBuffer;
  /** Context time from which no source reads it. */
  freeAt: number;
}

/**
 * AudioBuffers of one whole chunk, reused once no source reads them. A fresh buffer per chunk
 * (16 stereo stems: 5.6 MB a second) left the offscreen document tens of MB of played audio
 * waiting for a collection, and the process's peak memory grew with the length of the song.
 * The scheduler gives back what has played out; a stream gives back what a seek drops. Chunks
 * a stream keeps (its head) are never given back.
 */
export class ChunkBufferPool {
  private readonly free = new Map<string, Free[]>();
  /** The AudioContext's clock (the engine sets it); without one, nothing is held back. */
  private clock: () => number = () => Infinity;

  /** At most this many free buffers per shape: a song's stems, a few chunks each (64 stereo: 16 MB). */
  constructor(private readonly maxPerShape = 64) {}

  /** A new context: no source of the old one reads anything any more. */
  useClock(clock: () => number): void {
    this.clock = clock;
    for (const list of this.free.values()) for (const entry of list) entry.freeAt = -Infinity;
  }

  /** A CHUNK_FRAMES buffer; its old contents must be overwritten in every channel. */
  take(channels: number, sampleRate: number): AudioBuffer {
    const list = this.free.get(key(channels, sampleRate));
    const now = this.clock();
    // Given back in time order: the oldest is the first to be free.
    if (list?.length && list[0]!.freeAt <= now) return list.shift()!.buffer;
    return new AudioBuffer({ length: CHUNK_FRAMES, numberOfChannels: channels, sampleRate });
  }

  /** Hands back a buffer no source will start with again; any other length is left to the collector. */
  give(buffer: AudioBuffer): void {
    if (buffer.length !== CHUNK_FRAMES) return;
    const k = key(buffer.numberOfChannels, buffer.sampleRate);
    let list = this.free.get(k);
    if (!list) this.free.set(k, (list = []));
    if (list.length < this.maxPerShape && !list.some((entry) => entry.buffer === buffer)) {
      list.push({ buffer, freeAt: this.clock() + QUARANTINE_SEC });
    }
  }

  /** Free buffers held, all shapes (tests). */
  get size(): number {
    let n = 0;
    for (const list of this.free.values()) n += list.length;
    return n;
  }
}

const key = (channels: number, sampleRate: number) => `${channels}@${sampleRate}`;

/** The offscreen document's pool, shared by every stream. */
export const chunkBuffers = new ChunkBufferPool();
