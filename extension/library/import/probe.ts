import { ALL_FORMATS, BlobSource, Input, UnsupportedInputFormatError } from 'mediabunny';
import { unknownTimingNote } from '../../engine/decode/gapless';
import { readStemTiming } from '../../engine/decode/read-timing';
import { peaksOfTrack } from '../../waveform/decode-peaks';
import { PEAKS_MEASURE } from '../../waveform/peaks';
import { InvalidAudioError } from './errors';
import type { ProbeAudio } from './import-songs';

const FORMATS = 'MP3, WAV, OGG, M4A, FLAC or Opus';

/**
 * Reads a file's container header and duration with mediabunny, then decodes it once from start
 * to end for its waveform overview (chunk by chunk, never the whole stem in memory), so a file
 * that does not decode is refused at import rather than discovered on stage.
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
    const decodeStarted = performance.now();
    const peaks = await peaksOfTrack(track, durationSec);
    if (!peaks) throw new InvalidAudioError('contains no decodable audio');
    // One user-timing entry per imported file: what the waveform costs an import (bench/waveform.ts reads it).
    performance.measure(PEAKS_MEASURE, { start: decodeStarted, detail: file.name });
    return {
      peaks,
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
