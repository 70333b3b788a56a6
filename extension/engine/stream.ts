import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { AlignedDecoder } from './decode/aligned-samples';
import { readStemTiming } from './decode/read-timing';
import { Resampler } from './resampler';

/** Frames per chunk at the context rate: ~0.7 s at 44.1/48 kHz; every stem uses the same grid. */
export const CHUNK_FRAMES = 32_768;

/**
 * A slice of a stem at the AudioContext rate; `frame` is its first absolute output frame.
 * Built as an AudioBuffer when decoded, so Play only creates source nodes.
 */
export interface Chunk {
  frame: number;
  buffer: AudioBuffer;
}

/**
 * One stem, stream-decoded from its stored Blob (mediabunny over WebCodecs) into chunks at the
 * AudioContext rate, decoding only up to `aheadFrames` past what was taken: memory stays a few
 * seconds per stem whatever the song's length. Frame 0 is the source's first real frame for
 * every codec (encoder priming trimmed, see decode/), so all stems share one grid.
 */
export class StemStream {
  readonly channels: number;
  /** Decoded chunks not yet taken, in order. */
  private ready: Chunk[] = [];
  private ended = false;
  private failure: unknown = null;
  /** Bumped by seek(): a decode loop of an older generation stops. */
  private generation = 0;
  private wake: (() => void) | null = null;
  private readyWaiters: (() => void)[] = [];

  private constructor(
    private readonly input: Input,
    private readonly decoder: AlignedDecoder,
    readonly inRate: number,
    channels: number,
    readonly outRate: number,
    /** How many frames to keep decoded ahead; raised when a prepared song becomes current. */
    public aheadFrames: number,
  ) {
    this.channels = channels;
  }

  static async open(blob: Blob, outRate: number, aheadSec: number): Promise<StemStream> {
    const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
    try {
      const track = await input.getPrimaryAudioTrack();
      if (!track) throw new Error('The file has no audio track');
      if (!(await track.canDecode())) throw new Error(`This browser cannot decode ${track.codec ?? 'its codec'}`);
      const decoder = new AlignedDecoder(track, await readStemTiming(input, track, blob), track.numberOfChannels);
      return new StemStream(input, decoder, track.sampleRate, track.numberOfChannels, outRate, Math.round(aheadSec * outRate));
    } catch (error) {
      input.dispose();
      throw error;
    }
  }

  /** Restarts decoding at an absolute output frame; the next chunk taken starts there. */
  seek(frame: number): void {
    const generation = ++this.generation;
    this.ready = [];
    this.ended = false;
    this.failure = null;
    this.wake?.();
    void this.decodeFrom(frame, generation);
  }

  /** The next chunk; null when none is decoded yet or the stem has ended (see `done`). */
  take(): Chunk | null {
    const chunk = this.ready.shift() ?? null;
    if (chunk) this.wake?.();
    return chunk;
  }

  /** Puts chunks back in front (a paused song keeps what it had scheduled). */
  unshift(chunks: Chunk[]): void {
    this.ready.unshift(...chunks);
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

  /** Lets the decode loop continue after aheadFrames was raised. */
  poke(): void {
    this.wake?.();
  }

  close(): void {
    this.generation++;
    this.ready = [];
    this.wake?.();
    this.input.dispose();
  }

  private notify(): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async decodeFrom(frame: number, generation: number): Promise<void> {
    const resampler = this.inRate === this.outRate ? null : new Resampler(this.inRate, this.outRate, this.channels, frame);
    // The first input frame needed; before the source's first frame is silence.
    const first = resampler ? resampler.firstInputFrame : frame;
    const pending = new ChunkBuilder(this.channels, this.outRate, frame);
    const emit = (data: Float32Array[]) => {
      for (const chunk of pending.push(data)) this.ready.push(chunk);
    };
    const planes = this.decoder.planes(Math.max(0, first));
    try {
      if (first < 0) emit(this.process(resampler, silence(this.channels, -first)));
      for await (const data of planes) {
        if (generation !== this.generation) break;
        emit(this.process(resampler, data));
        this.notify();
        while (generation === this.generation && this.bufferedFrames() >= this.aheadFrames) {
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
        if (generation !== this.generation) break;
      }
      if (generation !== this.generation) return;
      if (resampler) emit(resampler.flush());
      const last = pending.finish();
      if (last) this.ready.push(last);
      this.ended = true;
    } catch (error) {
      if (generation === this.generation) {
        this.failure = error;
        this.ended = true;
      }
    } finally {
      await planes.return(undefined);
      this.notify();
    }
  }

  private process(resampler: Resampler | null, planes: Float32Array[]): Float32Array[] {
    return resampler ? resampler.process(planes) : planes;
  }
}

function silence(channels: number, frames: number): Float32Array[] {
  return Array.from({ length: channels }, () => new Float32Array(frames));
}

/** Cuts a continuous stream of planes into CHUNK_FRAMES chunks on an absolute frame grid. */
class ChunkBuilder {
  private parts: Float32Array[][] = [];
  private frames = 0;

  constructor(
    private readonly channels: number,
    private readonly sampleRate: number,
    private nextFrame: number,
  ) {}

  push(planes: Float32Array[]): Chunk[] {
    const out: Chunk[] = [];
    let offset = 0;
    const length = planes[0]?.length ?? 0;
    while (offset < length) {
      const take = Math.min(CHUNK_FRAMES - this.frames, length - offset);
      this.parts.push(planes.map((p) => p.subarray(offset, offset + take)));
      this.frames += take;
      offset += take;
      if (this.frames === CHUNK_FRAMES) out.push(this.build());
    }
    return out;
  }

  finish(): Chunk | null {
    return this.frames > 0 ? this.build() : null;
  }

  private build(): Chunk {
    const buffer = new AudioBuffer({ length: this.frames, numberOfChannels: this.channels, sampleRate: this.sampleRate });
    for (let c = 0; c < this.channels; c++) {
      let at = 0;
      for (const part of this.parts) {
        buffer.copyToChannel(part[c]! as Float32Array<ArrayBuffer>, c, at);
        at += part[c]!.length;
      }
    }
    const chunk = { frame: this.nextFrame, buffer };
    this.nextFrame += this.frames;
    this.parts = [];
    this.frames = 0;
    return chunk;
  }
}
