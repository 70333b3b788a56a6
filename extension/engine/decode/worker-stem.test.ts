import { describe, expect, it } from 'vitest';
import { CHUNK_FRAMES, type GridChunk } from './chunk-grid';
import { NO_FAULTS, type DecodeFaults, type FromWorker } from './protocol';
import type { StemSource } from './stem-source';
import { WorkerStem } from './worker-stem';

/** A source of `total` frames cut on the grid; `failAt` throws like a broken file would. */
function fakeSource(total: number, failAt = Infinity) {
  const runs: number[] = [];
  let disposed = false;
  const source = {
    codec: 'mp3',
    mimeType: 'audio/mpeg',
    async *chunks(from: number, _outRate: number, injectedFailAt = Infinity): AsyncGenerator<GridChunk> {
      runs.push(from);
      const stop = Math.min(total, failAt, injectedFailAt);
      for (let frame = from; frame < stop; frame += CHUNK_FRAMES) {
        yield { frame, planes: [new Float32Array(Math.min(CHUNK_FRAMES, stop - frame))] };
      }
      if (stop === injectedFailAt) throw new Error(`Injected test failure at output frame ${injectedFailAt}`);
      if (stop === failAt) throw new DOMException('Decoding error.', 'EncodingError');
    },
    dispose: () => (disposed = true),
  };
  return { source: source as unknown as StemSource, runs, disposed: () => disposed };
}

function setup(total: number, failAt = Infinity, faults: DecodeFaults = NO_FAULTS) {
  const fake = fakeSource(total, failAt);
  const posted: FromWorker[] = [];
  const stem = new WorkerStem(1, fake.source, 44_100, (m) => posted.push(m), () => faults);
  const drain = async () => {
    while (stem.wants) await stem.step();
  };
  return { ...fake, stem, posted, drain };
}

const chunksOf = (posted: FromWorker[]) => posted.flatMap((m) => (m.type === 'chunk' ? [[m.generation, m.frame]] : []));

describe('WorkerStem', () => {
  it('decodes only as far as the credit allows, and on when more is granted', async () => {
    const { stem, posted, drain } = setup(10 * CHUNK_FRAMES);
    stem.seek(1, 0, 0, 2 * CHUNK_FRAMES, true);
    await drain();
    expect(chunksOf(posted)).toEqual([[1, 0], [1, CHUNK_FRAMES]]);
    stem.credit(1, CHUNK_FRAMES, 2 * CHUNK_FRAMES, true); // one chunk taken
    await drain();
    expect(chunksOf(posted).at(-1)).toEqual([1, 2 * CHUNK_FRAMES]);
    expect(stem.wants).toBe(false);
  });

  it('ignores credit of an older generation, and restarts where a seek says', async () => {
    const { stem, posted, runs, drain } = setup(10 * CHUNK_FRAMES);
    stem.seek(1, 0, 0, CHUNK_FRAMES, true);
    await drain();
    stem.seek(2, 5 * CHUNK_FRAMES, 5 * CHUNK_FRAMES, CHUNK_FRAMES, true);
    stem.credit(1, 0, 100 * CHUNK_FRAMES, true);
    await drain();
    expect(runs).toEqual([0, 5 * CHUNK_FRAMES]);
    expect(chunksOf(posted)).toEqual([[1, 0], [2, 5 * CHUNK_FRAMES]]);
  });

  it('ends with the stem and reports its cost', async () => {
    const { stem, posted, drain } = setup(CHUNK_FRAMES + 100);
    stem.seek(1, 0, 0, 10 * CHUNK_FRAMES, true);
    await drain();
    expect(posted.map((m) => m.type)).toEqual(['chunk', 'chunk', 'end']);
    expect(posted.at(-1)).toMatchObject({ decodedFrames: CHUNK_FRAMES + 100 });
    expect((posted.at(-1) as { decodeMs: number }).decodeMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a decode error with its name and the frame where audio stops', async () => {
    const { stem, posted, drain } = setup(10 * CHUNK_FRAMES, CHUNK_FRAMES + 500);
    stem.seek(3, 0, 0, 10 * CHUNK_FRAMES, true);
    await drain();
    expect(posted.at(-1)).toMatchObject({ type: 'failed', generation: 3, atFrame: CHUNK_FRAMES + 500, message: 'EncodingError: Decoding error.' });
  });

  it('fails a stem whose codec or MIME type matches the injected failure', async () => {
    const faults = { ...NO_FAULTS, failure: { match: 'audio/mpeg', atFrame: 1000 } };
    const { stem, posted, drain } = setup(10 * CHUNK_FRAMES, Infinity, faults);
    stem.seek(1, 0, 0, 10 * CHUNK_FRAMES, true);
    await drain();
    expect(posted.at(-1)).toMatchObject({ type: 'failed', atFrame: 1000, message: 'Injected test failure at output frame 1000' });
  });

  it('closes its decoder run and the file when closed', async () => {
    const { stem, drain, disposed } = setup(10 * CHUNK_FRAMES);
    stem.seek(1, 0, 0, CHUNK_FRAMES, true);
    await drain();
    stem.close();
    expect(stem.wants).toBe(true); // the worker's job loop steps it once, then forgets it
    await stem.step();
    expect(disposed()).toBe(true);
  });
});
