import { ALL_FORMATS, BlobSource, Input } from 'mediabunny';
import { Resampler } from '../resampler';
import { AlignedDecoder } from './aligned-samples';
import { ChunkGrid, type GridChunk } from './chunk-grid';
import { takePlane } from './plane-pool';
import { readStemTiming } from './read-timing';

/**
 * Bytes of the file mediabunny may keep read per stem. Its default (8 MiB) holds a whole 5-minute
 * compressed stem, so memory grew with song length (16 such stems: +54 MB); decoding reads the file
 * forward, and 1 MiB is still several seconds of a WAV stem and half a minute of a 320 kb/s MP3.
 */
const READ_CACHE_BYTES = 1024 * 1024;

/** One opened stem file (runs in the decode worker): its track, priming facts and decoder. */
export class StemSource {
  private constructor(
    private readonly input: Input,
    private readonly decoder: AlignedDecoder,
    readonly inRate: number,
    readonly channels: number,
    readonly codec: string,
    readonly mimeType: string,
  ) {}

  static async open(blob: Blob): Promise<StemSource> {
    const input = new Input({ source: new BlobSource(blob, { maxCacheSize: READ_CACHE_BYTES }), formats: ALL_FORMATS });
    try {
      const track = await input.getPrimaryAudioTrack();
      if (!track) throw new Error('The file has no audio track');
      if (!(await track.canDecode())) throw new Error(`This browser cannot decode ${track.codec ?? 'its codec'}`);
      const decoder = new AlignedDecoder(track, await readStemTiming(input, track, blob), track.numberOfChannels);
      return new StemSource(input, decoder, track.sampleRate, track.numberOfChannels, track.codec ?? 'unknown', blob.type);
    } catch (error) {
      input.dispose();
      throw error;
    }
  }

  /**
   * Chunks on the output grid from output frame `from` to the end: priming trimmed, resampled
   * to `outRate`. When decoding fails (or reaches `failAt`, a test fault), what was decoded
   * before is yielded as a last, shorter chunk and then the error is thrown.
   */
  async *chunks(from: number, outRate: number, failAt = Infinity): AsyncGenerator<GridChunk, void, undefined> {
    const resampler = this.inRate === outRate ? null : new Resampler(this.inRate, outRate, this.channels, from);
    const process = (planes: Float32Array[]) => (resampler ? resampler.process(planes) : planes);
    // The first input frame needed; before the source's first frame is silence.
    const first = resampler ? resampler.firstInputFrame : from;
    const grid = new ChunkGrid(this.channels, from, failAt, takePlane);
    const planes = this.decoder.planes(Math.max(0, first));
    // The source frame after the last one decoded: where the stem ends.
    let inputEnd = Math.max(0, first);
    try {
      if (first < 0) yield* grid.push(process(silence(this.channels, -first)));
      if (!grid.stopped) {
        for await (const data of planes) {
          inputEnd += data[0]?.length ?? 0;
          yield* grid.push(process(data));
          if (grid.stopped) break;
        }
      }
      if (resampler && !grid.stopped) {
        // The filter's tail rings on past the last frame: the stem keeps its own length at the
        // output rate (5 s at 48 kHz is 5 s at 44.1 kHz), or a Continue after it would start late.
        const end = Math.round((inputEnd * outRate) / this.inRate);
        yield* grid.push(resampler.flush().map((plane) => plane.subarray(0, Math.max(0, end - grid.frontier))));
      }
      if (grid.stopped) throw new Error(`Injected test failure at output frame ${failAt}`);
    } catch (error) {
      const last = grid.finish();
      if (last) yield last;
      throw error;
    } finally {
      await planes.return(undefined);
    }
    const last = grid.finish();
    if (last) yield last;
  }

  dispose(): void {
    this.input.dispose();
  }
}

function silence(channels: number, frames: number): Float32Array[] {
  return Array.from({ length: channels }, () => new Float32Array(frames));
}
