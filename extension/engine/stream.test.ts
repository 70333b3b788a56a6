import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from './decode/protocol';

// The worker is replaced by a record of what the stream posts; AudioBuffer (absent in node) by its shape.
const posted: ToWorker[] = [];
vi.mock('./decode/client', () => ({
  decodeClient: {
    open: async () => ({ id: 7, inRate: 48_000, channels: 1, codec: 'opus' }),
    attach: () => {},
    detach: () => {},
    post: (message: ToWorker) => posted.push(message),
  },
}));
class FakeAudioBuffer {
  readonly length: number;
  readonly numberOfChannels: number;
  readonly sampleRate: number;
  readonly channels: Float32Array[];
  constructor(options: { length: number; numberOfChannels: number; sampleRate: number }) {
    this.length = options.length;
    this.numberOfChannels = options.numberOfChannels;
    this.sampleRate = options.sampleRate;
    this.channels = Array.from({ length: options.numberOfChannels }, () => new Float32Array(options.length));
  }
  getChannelData(c: number) {
    return this.channels[c]!;
  }
}
vi.stubGlobal('AudioBuffer', FakeAudioBuffer);
vi.spyOn(console, 'warn').mockImplementation(() => {});

const { CHUNK_FRAMES, StemStream } = await import('./stream');

const RATE = 44_100;
const chunk = (generation: number, frame: number, frames = CHUNK_FRAMES, value = 0): FromWorker => ({
  type: 'chunk', id: 7, generation, frame, planes: [new Float32Array(frames).fill(value)], decodeMs: 1, decodedFrames: frame + frames,
});
const lastPost = () => posted.at(-1);

describe('StemStream', () => {
  beforeEach(() => {
    posted.length = 0;
  });

  it('grants the worker credit from the first frame not taken', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(0);
    expect(lastPost()).toMatchObject({ type: 'seek', generation: 1, frame: 0, consumed: 0, ahead: 2 * RATE });
    stream.receive(chunk(1, 0));
    stream.receive(chunk(1, CHUNK_FRAMES));
    expect(stream.take()?.frame).toBe(0);
    expect(lastPost()).toMatchObject({ type: 'credit', generation: 1, consumed: CHUNK_FRAMES, ahead: 2 * RATE });
    const second = stream.take()!;
    stream.unshift([second]); // a pause puts back what was scheduled
    expect(lastPost()).toMatchObject({ type: 'credit', consumed: CHUNK_FRAMES });
    stream.aheadFrames = 4 * RATE;
    expect(lastPost()).toMatchObject({ type: 'credit', consumed: CHUNK_FRAMES, ahead: 4 * RATE });
  });

  it('drops chunks of an older generation', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(0);
    stream.seek(5 * CHUNK_FRAMES);
    stream.receive(chunk(1, 0));
    expect(stream.bufferedFrames()).toBe(0);
    stream.receive(chunk(2, 5 * CHUNK_FRAMES));
    expect(stream.take()?.frame).toBe(5 * CHUNK_FRAMES);
  });

  it('keeps its first 2 s: back at 0 they are ready at once and the worker continues after them', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(0);
    for (let i = 0; i < 4; i++) stream.receive(chunk(1, i * CHUNK_FRAMES));
    while (stream.take());
    stream.seek(0);
    // ceil(2 s / CHUNK_FRAMES) full chunks at 44.1 kHz: 3.
    expect(stream.bufferedFrames()).toBe(3 * CHUNK_FRAMES);
    expect(stream.isBuffered(2 * RATE)).toBe(true);
    expect(lastPost()).toMatchObject({ type: 'seek', generation: 2, frame: 3 * CHUNK_FRAMES, consumed: 0 });
    // Elsewhere, nothing is ready until the worker sends it.
    stream.seek(RATE);
    expect(stream.bufferedFrames()).toBe(0);
  });

  it('reports a decode failure of the current generation, and forgets it on the next seek', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(0);
    stream.receive(chunk(1, 0, 1000));
    stream.receive({ type: 'failed', id: 7, generation: 1, atFrame: 1000, message: 'EncodingError: Decoding error.', decodeMs: 12, decodedFrames: 1000 });
    expect(stream.error?.message).toBe('Decoding this opus stem stopped at 0.023 s (output frame 1000): EncodingError: Decoding error.');
    expect(stream.failedAtFrame).toBe(1000);
    expect([stream.decodeMs, stream.decodedFrames]).toEqual([12, 1000]);
    expect(stream.isBuffered(CHUNK_FRAMES)).toBe(true); // the scheduler does not wait for it
    expect(stream.take()?.buffer.length).toBe(1000);
    expect(stream.done).toBe(true);
    stream.seek(0);
    expect([stream.error, stream.failedAtFrame]).toEqual([null, null]);
  });

  it('fails every later seek at once when the worker died', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(RATE);
    stream.lost(new Error('The decode worker stopped: boom'));
    stream.seek(2 * RATE);
    expect(stream.failedAtFrame).toBe(2 * RATE);
    expect(stream.error?.message).toContain('The decode worker stopped: boom');
    expect(posted.filter((m) => m.type === 'seek')).toHaveLength(1);
  });

  it('reuses a played-out chunk\'s buffer for a later chunk, with the later chunk\'s audio', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(10 * CHUNK_FRAMES);
    stream.receive(chunk(1, 10 * CHUNK_FRAMES, CHUNK_FRAMES, 0.25));
    const played = stream.take()!;
    stream.release(played);
    stream.receive(chunk(1, 11 * CHUNK_FRAMES, CHUNK_FRAMES, 0.5));
    const next = stream.take()!;
    expect(next.buffer).toBe(played.buffer);
    expect(next.buffer.getChannelData(0)[CHUNK_FRAMES - 1]).toBe(0.5);
    // A short last chunk has a buffer of its own, and is not pooled.
    stream.release(next);
    stream.receive(chunk(1, 12 * CHUNK_FRAMES, 100, 0.75));
    const last = stream.take()!;
    expect(last.buffer).not.toBe(played.buffer);
    expect(last.buffer.length).toBe(100);
  });

  it('never reuses a head chunk\'s buffer: Play after Stop plays it again', async () => {
    const stream = await StemStream.open(new Blob(), RATE, 2);
    stream.seek(0);
    stream.receive(chunk(1, 0, CHUNK_FRAMES, 0.25));
    const head = stream.take()!;
    stream.release(head);
    stream.receive(chunk(1, CHUNK_FRAMES, CHUNK_FRAMES, 0.5));
    expect(stream.take()!.buffer).not.toBe(head.buffer);
    stream.seek(0);
    const again = stream.take()!;
    expect(again).toBe(head);
    expect(again.buffer.getChannelData(0)[0]).toBe(0.25);
  });
});
