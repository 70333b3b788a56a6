import { chunkBuffers } from './chunk-buffers';
import { CHUNK_FRAMES } from './decode/chunk-grid';
import { decodeClient, type StreamPort } from './decode/client';
import type { FromWorker } from './decode/protocol';
import { liveStreams } from './decode/test-hooks';

export { CHUNK_FRAMES };

/** A stem's first seconds stay decoded: at least a prepared song's 2 s (PREROLL_SEC, song.ts). */
const HEAD_SEC = 2;

/**
 * A slice of a stem at the AudioContext rate; `frame` is its first absolute output frame.
 * Built as an AudioBuffer when it arrives, so Play only creates source nodes.
 */
export interface Chunk {
  frame: number;
  buffer: AudioBuffer;
}

/**
 * One stem, stream-decoded from its stored Blob into chunks at the AudioContext rate, decoding
 * only up to `aheadFrames` past what was taken: memory stays a few seconds per stem whatever
 * the song's length. Frame 0 is the source's first real frame for every codec (encoder
 * priming trimmed, see decode/), so all stems share one grid.
 *
 * Decoding, trimming and resampling run in the decode worker (decode/worker.ts); this side
 * only wraps the planes it sends in AudioBuffers (which workers do not have) and grants it
 * credit as chunks are taken.
 */
export class StemStream implements StreamPort {
  /** Decoded chunks not yet taken, in order. */
  private ready: Chunk[] = [];
  private ended = false;
  private failure: Error | null = null;
  private failedAt: number | null = null;
  /** Bumped by seek(): the worker's chunks of an older generation are dropped. */
  private generation = 0;
  /** Where the current generation started. */
  private from = 0;
  /**
   * The stem's first chunks, kept once decoded: Stop, Home and parking a song seek to 0, and
   * then have their first audio at once instead of waiting for the worker (Play right after
   * Stop starts without delay). Full chunks from frame 0 only, up to `headFrames`.
   */
  private readonly head: Chunk[] = [];
  private readonly headFrames: number;
  /** The frame after the last one received in this generation. */
  private frontier = 0;
  private ahead: number;
  /** Of the song being played: the worker serves it first while it is short of audio. */
  private isCurrent = false;
  private credited = { consumed: NaN, ahead: NaN, current: false };
  private readyWaiters: (() => void)[] = [];
  private cost = { decodeMs: 0, decodedFrames: 0 };
  /** The worker died: every later seek fails at once with this. */
  private lostWith: Error | null = null;
  private closed = false;

  private constructor(
    private readonly id: number,
    readonly inRate: number,
    readonly channels: number,
    /** The file's codec as mediabunny names it ('mp3', 'aac', 'opus', 'vorbis', 'flac', 'pcm-s16'...). */
    readonly codec: string,
    readonly outRate: number,
    aheadFrames: number,
  ) {
    this.ahead = aheadFrames;
    this.headFrames = Math.ceil((HEAD_SEC * outRate) / CHUNK_FRAMES) * CHUNK_FRAMES;
    decodeClient.attach(id, this);
    liveStreams.add(this);
  }

  static async open(blob: Blob, outRate: number, aheadSec: number): Promise<StemStream> {
    const { id, inRate, channels, codec } = await decodeClient.open(blob, outRate);
    return new StemStream(id, inRate, channels, codec, outRate, Math.round(aheadSec * outRate));
  }

  /** How many frames to keep decoded ahead; raised when a prepared song becomes current. */
  get aheadFrames(): number {
    return this.ahead;
  }

  set aheadFrames(frames: number) {
    this.ahead = frames;
    this.grantCredit();
  }

  /** The stem's song is the one being played (set when it becomes current, cleared when parked). */
  get current(): boolean {
    return this.isCurrent;
  }

  set current(value: boolean) {
    this.isCurrent = value;
    this.grantCredit();
  }

  /** Why decoding of the current generation stopped early (null while it decodes or ended well). */
  get error(): Error | null {
    return this.failure;
  }

  /** The output frame at which decoding failed: the stem is silent from there. */
  get failedAtFrame(): number | null {
    return this.failedAt;
  }

  /**
   * Time the worker spent decoding, trimming and resampling this stem, all seeks included (one
   * stem at a time, so no other stem's work is in it). Wall time: it is CPU time only when the
   * worker has a core to itself; an injected test delay counts too.
   */
  get decodeMs(): number {
    return this.cost.decodeMs;
  }

  /** Output frames the worker produced for this stem, all seeks included (pairs with decodeMs). */
  get decodedFrames(): number {
    return this.cost.decodedFrames;
  }

  /** Restarts decoding at an absolute output frame; the next chunk taken starts there. */
  seek(frame: number): void {
    const generation = ++this.generation;
    this.from = frame;
    // Dropped chunks are reused once no source can be fading out of them (chunk-buffers.ts).
    for (const chunk of this.ready) this.release(chunk);
    // From the top, the kept head is ready at once and the worker continues after it.
    this.ready = frame === 0 ? [...this.head] : [];
    this.frontier = frame === 0 ? this.headEnd : frame;
    this.ended = false;
    this.failure = null;
    this.failedAt = null;
    if (this.lostWith) return this.fail(this.lostWith.message, frame);
    this.credited = { consumed: frame, ahead: this.ahead, current: this.isCurrent };
    decodeClient.post({ type: 'seek', id: this.id, generation, frame: this.frontier, consumed: frame, ahead: this.ahead, current: this.isCurrent });
    if (this.ready.length) this.notify();
  }

  /** The next chunk; null when none is decoded yet or the stem has ended (see `done`). */
  take(): Chunk | null {
    const chunk = this.ready.shift() ?? null;
    if (chunk) this.grantCredit();
    return chunk;
  }

  /** The chunk `take()` would return (or the `index`th after it), left in place. */
  peek(index = 0): Chunk | null {
    return this.ready[index] ?? null;
  }

  /**
   * A chunk taken from this stream will not be started again (played out, or dropped by a seek):
   * its buffer is reused for a later chunk, unless the stream keeps it (its head, played again
   * after Stop).
   */
  release(chunk: Chunk): void {
    if (!this.head.includes(chunk)) chunkBuffers.give(chunk.buffer);
  }

  /** Puts chunks back in front (a paused song keeps what it had scheduled). */
  unshift(chunks: Chunk[]): void {
    this.ready.unshift(...chunks);
    this.grantCredit();
  }

  get done(): boolean {
    return this.ended && this.ready.length === 0;
  }

  bufferedFrames(): number {
    return this.ready.reduce((sum, chunk) => sum + chunk.buffer.length, 0);
  }

  /** Resolves once `frames` are decoded (or the stem ended or failed). */
  async whenBuffered(frames: number): Promise<void> {
    while (!this.isBuffered(frames)) {
      await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    }
  }

  /** `frames` are decoded from the play head on (or the stem ended or failed). */
  isBuffered(frames: number): boolean {
    return this.ended || !!this.failure || this.bufferedFrames() >= Math.min(frames, this.aheadFrames);
  }

  /** Lets decoding continue after aheadFrames was raised. */
  poke(): void {
    this.grantCredit();
  }

  close(): void {
    this.generation++;
    this.ready = [];
    this.closed = true;
    liveStreams.delete(this);
    decodeClient.detach(this.id);
  }

  /** From the decode worker (via decodeClient). */
  receive(message: FromWorker): void {
    if (!('generation' in message)) return;
    this.cost = { decodeMs: message.decodeMs, decodedFrames: message.decodedFrames };
    if (message.generation !== this.generation) return;
    if (message.type === 'chunk') {
      const frames = message.planes[0]!.length;
      const buffer = frames === CHUNK_FRAMES ? chunkBuffers.take(this.channels, this.outRate) : new AudioBuffer({ length: frames, numberOfChannels: this.channels, sampleRate: this.outRate });
      // getChannelData, not copyToChannel: it wraps the buffer's memory in a JS ArrayBuffer, so V8
      // counts it and collects the odd chunk that is not given back (chunk-buffers.ts).
      message.planes.forEach((plane, c) => buffer.getChannelData(c).set(plane));
      const chunk = { frame: message.frame, buffer };
      this.ready.push(chunk);
      this.frontier = message.frame + buffer.length;
      if (this.from === 0 && chunk.frame === this.headEnd && buffer.length === CHUNK_FRAMES && this.headEnd < this.headFrames) {
        this.head.push(chunk);
      }
    } else if (message.type === 'end') {
      this.ended = true;
    } else if (message.type === 'failed') {
      return this.fail(message.message, message.atFrame);
    }
    this.notify();
  }

  private get headEnd(): number {
    return this.head.length * CHUNK_FRAMES;
  }

  lost(error: Error): void {
    this.lostWith = error;
    if (!this.closed) this.fail(error.message, this.frontier);
  }

  /** Decoding stopped at `atFrame`: the stem is done there (the song plays on without it). */
  private fail(cause: string, atFrame: number): void {
    const at = `${(atFrame / this.outRate).toFixed(3)} s (output frame ${atFrame})`;
    this.failure = new Error(`Decoding this ${this.codec} stem stopped at ${at}: ${cause}`);
    this.failedAt = atFrame;
    this.ended = true;
    console.warn(this.failure.message);
    this.notify();
  }

  /** Tells the worker how far it may decode: `aheadFrames` past the first frame not taken. */
  private grantCredit(): void {
    if (this.closed || this.lostWith || this.ended) return;
    const consumed = this.frontier - this.bufferedFrames();
    const current = this.isCurrent;
    if (consumed === this.credited.consumed && this.ahead === this.credited.ahead && current === this.credited.current) return;
    this.credited = { consumed, ahead: this.ahead, current };
    decodeClient.post({ type: 'credit', id: this.id, generation: this.generation, consumed, ahead: this.ahead, current });
  }

  private notify(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
