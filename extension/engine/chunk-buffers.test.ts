import { describe, expect, it, vi } from 'vitest';
import { CHUNK_FRAMES } from './decode/chunk-grid';

class FakeAudioBuffer {
  readonly length: number;
  readonly numberOfChannels: number;
  readonly sampleRate: number;
  constructor(options: { length: number; numberOfChannels: number; sampleRate: number }) {
    this.length = options.length;
    this.numberOfChannels = options.numberOfChannels;
    this.sampleRate = options.sampleRate;
  }
}
vi.stubGlobal('AudioBuffer', FakeAudioBuffer);
const { ChunkBufferPool } = await import('./chunk-buffers');

describe('ChunkBufferPool', () => {
  it('hands a given-back buffer out again only for the same shape', () => {
    const pool = new ChunkBufferPool();
    const stereo = pool.take(2, 44_100);
    pool.give(stereo);
    expect(pool.take(1, 44_100)).not.toBe(stereo);
    expect(pool.take(2, 48_000)).not.toBe(stereo);
    expect(pool.take(2, 44_100)).toBe(stereo);
    expect(pool.take(2, 44_100)).not.toBe(stereo);
  });

  it('holds a bounded number, once each, and never a short buffer', () => {
    const pool = new ChunkBufferPool(3);
    const buffers = Array.from({ length: 5 }, () => pool.take(2, 44_100));
    for (const b of buffers) pool.give(b);
    pool.give(buffers[0]!);
    expect(pool.size).toBe(3);
    pool.give(new FakeAudioBuffer({ length: CHUNK_FRAMES - 1, numberOfChannels: 1, sampleRate: 44_100 }) as unknown as AudioBuffer);
    expect(pool.size).toBe(3);
    const out = new Set([pool.take(2, 44_100), pool.take(2, 44_100), pool.take(2, 44_100)]);
    expect(out.size).toBe(3);
  });

  it('holds a buffer back for a quarter second of context time: a stopped source may still be fading out of it', () => {
    const pool = new ChunkBufferPool();
    let now = 10;
    pool.useClock(() => now);
    const buffer = pool.take(2, 44_100);
    pool.give(buffer);
    now = 10.2;
    expect(pool.take(2, 44_100)).not.toBe(buffer);
    now = 10.25;
    expect(pool.take(2, 44_100)).toBe(buffer);
    // A new context's clock frees everything (no source of the old one plays).
    pool.give(buffer);
    pool.useClock(() => 0);
    expect(pool.take(2, 44_100)).toBe(buffer);
  });
});

