import { describe, expect, it } from 'vitest';
import { CHUNK_FRAMES, ChunkGrid, type GridChunk } from './chunk-grid';

const ramp = (from: number, frames: number, sign = 1) => Float32Array.from({ length: frames }, (_, i) => sign * (from + i));

/** Pushes ramp values (value = absolute frame) in pieces of `sizes`, then finishes. */
function feed(grid: ChunkGrid, start: number, total: number, sizes: number[]): GridChunk[] {
  const out: GridChunk[] = [];
  for (let at = 0, i = 0; at < total; i++) {
    const size = Math.min(sizes[i % sizes.length]!, total - at);
    out.push(...grid.push([ramp(start + at, size), ramp(start + at, size, -1)]));
    at += size;
  }
  const last = grid.finish();
  return last ? [...out, last] : out;
}

describe('ChunkGrid', () => {
  it('cuts any piece sizes into the same chunks on the absolute grid', () => {
    const start = 5 * CHUNK_FRAMES;
    const total = 2 * CHUNK_FRAMES + 1000;
    for (const sizes of [[1152], [4096, 17], [100_000]]) {
      const chunks = feed(new ChunkGrid(2, start, Infinity), start, total, sizes);
      expect(chunks.map((c) => [c.frame, c.planes[0]!.length])).toEqual([
        [start, CHUNK_FRAMES],
        [start + CHUNK_FRAMES, CHUNK_FRAMES],
        [start + 2 * CHUNK_FRAMES, 1000],
      ]);
      for (const { frame, planes } of chunks) {
        expect(planes[0]![0]).toBe(frame);
        expect(planes[0]!.at(-1)).toBe(frame + planes[0]!.length - 1);
        expect(planes[1]![10]).toBe(-(frame + 10));
      }
    }
  });

  it('gives every chunk and channel its own buffer, so each can be transferred', () => {
    const chunks = feed(new ChunkGrid(2, 0), 0, CHUNK_FRAMES * 2, [5000]);
    const buffers = chunks.flatMap((c) => c.planes.map((p) => p.buffer));
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('drops everything from stopAt on and says it stopped there', () => {
    const grid = new ChunkGrid(1, 1000, 1000 + CHUNK_FRAMES + 10);
    const full = grid.push([ramp(1000, CHUNK_FRAMES)]);
    expect(grid.stopped).toBe(false);
    expect(grid.push([ramp(1000 + CHUNK_FRAMES, 500)])).toEqual([]);
    expect(grid.stopped).toBe(true);
    const last = grid.finish()!;
    expect([full[0]!.frame, last.frame, last.planes[0]!.length]).toEqual([1000, 1000 + CHUNK_FRAMES, 10]);
    expect(grid.frontier).toBe(1000 + CHUNK_FRAMES + 10);
  });

  it('is stopped at once when it starts at or past stopAt', () => {
    const grid = new ChunkGrid(1, 2000, 1500);
    expect(grid.stopped).toBe(true);
    expect(grid.push([ramp(0, 100)])).toEqual([]);
    expect(grid.finish()).toBeNull();
  });
});

describe('ChunkGrid with reused planes', () => {
  it('sends only the frames pushed, whatever a reused plane held before', () => {
    const stale = () => new Float32Array(CHUNK_FRAMES).fill(7);
    const grid = new ChunkGrid(2, 0, Infinity, stale);
    const input = [new Float32Array(CHUNK_FRAMES + 100).fill(0.5), new Float32Array(CHUNK_FRAMES + 100).fill(-0.5)];
    const chunks: GridChunk[] = [...grid.push(input), grid.finish()!];
    expect(chunks.map((c) => [c.frame, c.planes[0]!.length])).toEqual([[0, CHUNK_FRAMES], [CHUNK_FRAMES, 100]]);
    for (const chunk of chunks) {
      expect(chunk.planes[0]!.every((v) => v === 0.5)).toBe(true);
      expect(chunk.planes[1]!.every((v) => v === -0.5)).toBe(true);
    }
  });
});
