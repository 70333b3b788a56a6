import { ALL_FORMATS, AudioSampleSink, BlobSource, Input, type InputAudioTrack } from 'mediabunny';
import { PeaksBuilder, type Peaks } from './peaks';

/**
 * Decodes a track from start to end, one decoded chunk at a time (as the engine streams), and
 * folds each chunk into peaks before the next one is decoded: the stem is never held whole.
 * Throws if not even the first chunk decodes, and null when the track has no audio at all; a
 * failure later keeps the peaks read so far (the engine reports such a stem when it plays, and
 * the overview shows where its audio stops).
 */
export async function peaksOfTrack(track: InputAudioTrack, durationSec: number, signal?: AbortSignal): Promise<Peaks | null> {
  const rate = await track.getSampleRate();
  const builder = new PeaksBuilder(Math.round(durationSec * rate));
  let planes: Float32Array[] = [];
  let decoded = 0;
  try {
    for await (const sample of new AudioSampleSink(track).samples()) {
      try {
        signal?.throwIfAborted();
        const frames = sample.numberOfFrames;
        if (planes.length !== sample.numberOfChannels || planes[0]!.length < frames) {
          planes = Array.from({ length: sample.numberOfChannels }, () => new Float32Array(frames));
        }
        planes.forEach((plane, c) => sample.copyTo(plane, { planeIndex: c, format: 'f32-planar' }));
        builder.add(planes, Math.round(sample.timestamp * rate), frames);
        decoded++;
      } finally {
        sample.close();
      }
    }
  } catch (error) {
    if (decoded === 0 || signal?.aborted) throw error;
  }
  return decoded ? builder.finish() : null;
}

/** Peaks of a stored track (one imported before waveforms existed, or restored from a backup). */
export async function peaksOfBlob(blob: Blob, durationSec: number, signal?: AbortSignal): Promise<Peaks> {
  const input = new Input({ source: new BlobSource(blob), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) throw new Error('no audio track');
    const peaks = await peaksOfTrack(track, durationSec, signal);
    if (!peaks) throw new Error('no decodable audio');
    return peaks;
  } finally {
    input.dispose();
  }
}
