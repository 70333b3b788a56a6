import { ALL_FORMATS, AudioSampleSink, BlobSource, Input, UnsupportedInputFormatError, type InputAudioTrack } from 'mediabunny';
import { unknownTimingNote } from '../../engine/decode/gapless';
import { readStemTiming } from '../../engine/decode/read-timing';
import { InvalidAudioError } from './errors';
import type { ProbeAudio } from './import-songs';

const FORMATS = 'MP3, WAV, OGG, M4A, FLAC or Opus';

/** True when the track's first audio decodes (its first chunk only). */
async function firstChunkDecodes(track: InputAudioTrack): Promise<boolean> {
  for await (const sample of new AudioSampleSink(track).samples()) {
    sample.close();
    return true;
  }
  return false;
}

/**
 * Reads a file's container header and duration with mediabunny and decodes its first chunk, so a
 * file that does not decode is refused at import rather than discovered on stage. The whole-file
 * decode for the waveform comes after the song is saved (waveform/peaks-jobs.ts).
 */
export const probeAudio: ProbeAudio = async (file, onBytesRead) => {
  if (file.size === 0) throw new InvalidAudioError('is empty (0 bytes)');
  const source = new BlobSource(file);
  source.onread = (_start, end) => onBytesRead(end);
  const input = new Input({ source, formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack();
    if (!track) throw new InvalidAudioError('has no audio in it');
    if (!(await track.canDecode())) {
      throw new InvalidAudioError(`uses an audio codec (${(await track.getCodec()) ?? 'unknown'}) this browser cannot play`);
    }
    const packetsSec = await input.computeDuration([track]);
    if (!(packetsSec > 0)) throw new InvalidAudioError('contains no audio (its length is zero)');
    if (!(await firstChunkDecodes(track))) throw new InvalidAudioError('contains no decodable audio');
    const timing = await readStemTiming(input, track, file);
    return {
      // The length the engine plays (the encoder's padding cut) where the file records it, else the packets'.
      durationSec: timing.lengthFrames ? timing.lengthFrames / timing.sampleRate : packetsSec,
      sampleRate: await track.getSampleRate(),
      channels: await track.getNumberOfChannels(),
      mimeType: (await input.getMimeType()) || file.type,
      note: unknownTimingNote(file.name, timing) ?? undefined,
    };
  } catch (error) {
    if (error instanceof InvalidAudioError) throw error;
    if (error instanceof UnsupportedInputFormatError) {
      throw new InvalidAudioError(`is not a supported audio file (use ${FORMATS})`, { cause: error });
    }
    throw new InvalidAudioError(`is damaged or unreadable (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  } finally {
    input.dispose();
  }
};
