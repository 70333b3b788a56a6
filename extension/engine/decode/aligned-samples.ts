import { AudioSampleSink, EncodedPacketSink, type AudioSample, type InputAudioTrack } from 'mediabunny';
import { frameSpan } from './frame-span';
import { decodeStartSec, runFixFrames, type DecodeRun, type StemTiming } from './gapless';

/** mediabunny picks a run's first packet this way (BaseMediaSampleSink); we must pick the same one. */
const SAME_LOOKUP = { verifyKeyPackets: true } as const;
/** Reused planes hold at least this many frames (an MP3 frame is 1,152, an AAC one 1,024, Opus up to 2,880). */
const SCRATCH_FRAMES = 4_096;

/**
 * A track's decoded audio on its true frame grid (file rate): priming trimmed, padding cut,
 * and every seek landing on the exact source frame whatever the codec.
 */
export class AlignedDecoder {
  private readonly sink: AudioSampleSink;
  private readonly packets: EncodedPacketSink;
  private readonly scratch: Float32Array[] = [];

  constructor(
    track: InputAudioTrack,
    readonly timing: StemTiming,
    readonly channels: number,
  ) {
    this.sink = new AudioSampleSink(track);
    this.packets = new EncodedPacketSink(track);
  }

  /**
   * Contiguous planes (one per channel) from true frame `from` (>= 0) to the end. Each yield's
   * planes are valid until the next step (they are reused). Closing the iterator (return / break)
   * closes the decoder.
   */
  async *planes(from: number): AsyncGenerator<Float32Array[], void, undefined> {
    const startSec = decodeStartSec(this.timing, from);
    const offset = runFixFrames(this.timing, await this.runAt(startSec)) - this.timing.delayFrames;
    const end = this.timing.lengthFrames ?? Infinity;
    const rate = this.timing.sampleRate;
    let expected = from;
    for await (const sample of this.sink.samples(startSec)) {
      const start = Math.round(sample.timestamp * rate) + offset;
      const span = frameSpan(start, sample.numberOfFrames, expected, end);
      const planes = span.take > 0 ? this.copy(sample, span.gap, span.skip, span.take) : null;
      sample.close();
      if (planes) {
        expected += span.gap + span.take;
        yield planes;
      }
      if (span.last) return;
    }
  }

  /** Only Opus and Vorbis need to know where a run starts; the lookup reads one packet. */
  private async runAt(startSec: number): Promise<DecodeRun> {
    if (this.timing.codec !== 'opus' && this.timing.codec !== 'vorbis') return { atStreamStart: true, firstPacketFrames: 0 };
    const streamFirst = await this.packets.getFirstKeyPacket(SAME_LOOKUP);
    const first = (startSec === -Infinity ? null : await this.packets.getKeyPacket(startSec, SAME_LOOKUP)) ?? streamFirst;
    return {
      atStreamStart: !first || first.sequenceNumber === streamFirst?.sequenceNumber,
      firstPacketFrames: first ? Math.round(first.duration * this.timing.sampleRate) : 0,
    };
  }

  /**
   * The sample's frames after `gap` frames of silence, in planes reused from one sample to the next
   * (the chunk grid and the resampler copy them at once): a fresh pair per 20 ms Opus packet was
   * most of the worker's garbage. A gap longer than a second gets planes of its own.
   */
  private copy(sample: AudioSample, gap: number, skip: number, take: number): Float32Array[] {
    const frames = gap + take;
    return Array.from({ length: this.channels }, (_, c) => {
      let plane: Float32Array;
      if (frames > this.timing.sampleRate) plane = new Float32Array(frames);
      else {
        if ((this.scratch[c]?.length ?? 0) < frames) this.scratch[c] = new Float32Array(Math.max(frames, SCRATCH_FRAMES));
        plane = this.scratch[c]!.subarray(0, frames);
        plane.fill(0, 0, gap);
      }
      sample.copyTo(plane.subarray(gap), {
        planeIndex: Math.min(c, sample.numberOfChannels - 1),
        format: 'f32-planar',
        frameOffset: skip,
        frameCount: take,
      });
      return plane;
    });
  }
}
