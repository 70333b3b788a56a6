import { ALL_FORMATS, AudioSampleSink, BlobSource, Input, UnsupportedInputFormatError, type InputAudioTrack } from 'mediabunny';
import { unknownTimingNote } from '../../engine/decode/gapless';
import { readStemTiming } from '../../engine/decode/read-timing';
import { InvalidAudioError } from './errors';
import type { ProbeAudio } from './import-songs';

const FORMATS = 'MP3, WAV, OGG, M4A, FLAC or Opus';

/**
 * Reads a file's container header, duration and first audio packet with mediabunny, so a
 * damaged file is refused at import rather than discovered on stage. Only the header and
 * (for MP3, whose duration needs a frame scan) the frame headers are read, not the whole audio.
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
    const durationSec = await input.computeDuration([track]);
    if (!(durationSec > 0)) throw new InvalidAudioError('contains no audio (its length is zero)');
    await decodeFirstSample(track);
    return {
      durationSec,
      sampleRate: await track.getSampleRate(),
      channels: await track.getNumberOfChannels(),
      mimeType: (await input.getMimeType()) || file.type,
      note: unknownTimingNote(file.name, await readStemTiming(input, track, file)) ?? undefined,
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

async function decodeFirstSample(track: InputAudioTrack): Promise<void> {
  // Leaving the loop closes the generator, which closes its decoder.
  for await (const sample of new AudioSampleSink(track).samples()) {
    sample.close();
    return;
  }
  throw new InvalidAudioError('contains no decodable audio');
}
