/**
 * Where each codec's audio really starts on mediabunny 1.61's timeline in Chromium, read once
 * when a stem opens. Measured (see the engine's codec null test): WAV, FLAC, Vorbis and Opus
 * are exact from the start and AAC is when its MP4 edit list gives a negative first timestamp;
 * every MP3 is late by its encoder delay plus the decoder's 529 samples, and an AAC file with
 * only iTunSMPB by its encoder delay. After a seek, Opus and Vorbis need a per-run fix
 * (`runFixFrames`) and lossy codecs need pre-roll. At the end, every lossy decode runs on into
 * the encoder's padding: the length comes from the LAME tag, iTunSMPB, the edit list or the last
 * Ogg granule (container-length.ts).
 */
import type { ITunSMPB } from './itunsmpb';
import type { LameTag } from './lame-tag';

/** Chromium's MP3 decoder (like FFmpeg's and mpg123) outputs its 529-sample synthesis delay first. */
export const MP3_DECODER_DELAY = 529;
/**
 * Decoded before a seek target and dropped. The first packets after a cold decoder start are
 * wrong (MP3 bit reservoir, AAC/Opus overlap and filter state); measured: MP3 at 64 kbps
 * converges within 120 ms, Opus to -70 dB of a continuous decode within 200 ms.
 */
export const LOSSY_PRE_ROLL_SEC = 0.2;
/** Usual encoder delays, only to say how late a file without timing information may be. */
const LAME_DELAY = 576;
const AAC_DELAYS = [1024, 2112] as const;

export type TimingSource = 'lossless' | 'lame-tag' | 'itunsmpb' | 'edit-list' | 'opus-pre-skip' | 'vorbis-granules' | 'unknown';

/** What the file says about its priming, gathered by `readStemTiming`. */
export interface TimingFacts {
  codec: string | null;
  sampleRate: number;
  /** mediabunny's first packet timestamp (negative when an MP4 edit list trims the priming). */
  firstTimestamp: number;
  lameTag?: LameTag | null;
  iTunSMPB?: ITunSMPB | null;
  /** OpusHead pre-skip, in 48 kHz samples. */
  opusPreSkip?: number | null;
  /** Ogg (Opus, Vorbis): the last page's granule position (Opus: 48 kHz samples, pre-skip included). */
  oggLastGranule?: number | null;
  /** MP4 with an edit list: the seconds it presents. */
  editListSec?: number | null;
}

export interface StemTiming {
  codec: string;
  sampleRate: number;
  firstTimestamp: number;
  /** mediabunny's timeline runs this many frames late: true frame = timeline frame - delayFrames. */
  delayFrames: number;
  /** Frames of real audio (end padding excluded) when the file records it. */
  lengthFrames: number | null;
  preRollFrames: number;
  /** Opus: what Chromium's decoder drops at the start of every fresh decoder, at the track rate. */
  opusPreSkipFrames: number;
  source: TimingSource;
  /** False when nothing in the file says where its audio starts. */
  known: boolean;
}

/** The first packet a decoder run starts at (mediabunny starts a fresh decoder on every seek). */
export interface DecodeRun {
  atStreamStart: boolean;
  /** That packet's duration in frames (a Vorbis stream's very first packet has 0). */
  firstPacketFrames: number;
}

const isLossless = (codec: string) => codec === 'flac' || codec.startsWith('pcm-') || codec === 'ulaw' || codec === 'alaw';

export function timingFor(facts: TimingFacts): StemTiming {
  const codec = facts.codec ?? 'unknown';
  const base: StemTiming = {
    codec,
    sampleRate: facts.sampleRate,
    firstTimestamp: facts.firstTimestamp,
    delayFrames: 0,
    lengthFrames: null,
    preRollFrames: isLossless(codec) ? 0 : Math.round(LOSSY_PRE_ROLL_SEC * facts.sampleRate),
    opusPreSkipFrames: 0,
    source: 'unknown',
    known: false,
  };
  if (isLossless(codec)) return { ...base, source: 'lossless', known: true };
  switch (codec) {
    case 'mp3':
      return { ...base, ...mp3Timing(facts) };
    case 'aac':
      // mediabunny applies an edit list itself: the priming packet then has a negative timestamp.
      if (facts.firstTimestamp < 0) {
        const lengthFrames = facts.editListSec ? Math.round(facts.editListSec * facts.sampleRate) : null;
        return { ...base, lengthFrames, source: 'edit-list', known: true };
      }
      if (facts.iTunSMPB) {
        return { ...base, delayFrames: facts.iTunSMPB.delay, lengthFrames: facts.iTunSMPB.length, source: 'itunsmpb', known: true };
      }
      return base;
    case 'opus':
      // The Ogg demuxer already counts time from after the pre-skip; only re-runs need it (runFixFrames).
      return {
        ...base,
        opusPreSkipFrames: Math.round(((facts.opusPreSkip ?? 0) * facts.sampleRate) / 48_000),
        lengthFrames: facts.oggLastGranule ? Math.round(((facts.oggLastGranule - (facts.opusPreSkip ?? 0)) * facts.sampleRate) / 48_000) : null,
        source: 'opus-pre-skip',
        known: true,
      };
    case 'vorbis':
      // Granules count the stream's samples from 0 (at the track's rate).
      return { ...base, lengthFrames: facts.oggLastGranule || null, source: 'vorbis-granules', known: true };
    default:
      return base;
  }
}

function mp3Timing({ lameTag, iTunSMPB }: TimingFacts): Partial<StemTiming> {
  if (lameTag) {
    const { encoderDelay, padding, frameCount, samplesPerFrame } = lameTag;
    return {
      delayFrames: encoderDelay + MP3_DECODER_DELAY,
      lengthFrames: frameCount === null ? null : frameCount * samplesPerFrame - encoderDelay - padding,
      source: 'lame-tag',
      known: true,
    };
  }
  if (iTunSMPB) {
    return { delayFrames: iTunSMPB.delay + MP3_DECODER_DELAY, lengthFrames: iTunSMPB.length, source: 'itunsmpb', known: true };
  }
  // The decoder's own delay is certain; the encoder's is not recorded anywhere.
  return { delayFrames: MP3_DECODER_DELAY, source: 'unknown', known: false };
}

/**
 * Frames to add to the timestamps of one decoder run, on top of `delayFrames`.
 * - Opus: Chromium drops the pre-skip from every fresh decoder, so a run that starts past the
 *   first packet comes out that much later than its timestamps say.
 * - Vorbis: the first packet of a run yields no audio, yet its timestamp is given to the first
 *   output; the audio really starts one packet later.
 */
export function runFixFrames(timing: StemTiming, run: DecodeRun): number {
  if (timing.codec === 'opus') return run.atStreamStart ? 0 : timing.opusPreSkipFrames;
  if (timing.codec === 'vorbis') return run.firstPacketFrames;
  return 0;
}

/**
 * Where on mediabunny's timeline to start decoding for true frame `fromFrame`: pre-roll before
 * it, or -Infinity for "from the first packet" (which keeps AAC's priming packet and lets Opus
 * start as at the beginning of the file).
 */
export function decodeStartSec(timing: StemTiming, fromFrame: number): number {
  const start = (fromFrame + timing.delayFrames - timing.preRollFrames) / timing.sampleRate;
  return start <= timing.firstTimestamp ? -Infinity : start;
}

/** The import's note for a file whose start cannot be known, or null when it can. */
export function unknownTimingNote(fileName: string, timing: StemTiming): string | null {
  if (timing.known) return null;
  const ms = (frames: number) => Math.round((frames / timing.sampleRate) * 1000);
  if (timing.codec === 'mp3') {
    return `${fileName} has no encoder-delay header: it may start about ${ms(LAME_DELAY)} ms late against the other stems. Re-encode it with LAME or use WAV/FLAC.`;
  }
  if (timing.codec === 'aac') {
    return `${fileName} has no encoder-delay information (MP4 edit list or iTunSMPB): it may start ${ms(AAC_DELAYS[0])}–${ms(AAC_DELAYS[1])} ms late against the other stems. Re-encode it (ffmpeg and iTunes record it) or use WAV/FLAC.`;
  }
  return `${fileName} uses ${timing.codec}, whose encoder delay is unknown: it may not start exactly with the other stems. Use WAV/FLAC for sample-accurate stems.`;
}
