import type { Input, InputAudioTrack } from 'mediabunny';
import { timingFor, type StemTiming, type TimingFacts } from './gapless';
import { mp4EditListSeconds, oggLastGranule } from './container-length';
import { findMp4ITunSMPB, parseITunSMPB } from './itunsmpb';
import { readLameTag } from './lame-tag';

/** Reads, once per opened file, what it records about its priming and length (a few KB; the moov box for MP4). */
export async function readStemTiming(input: Input, track: InputAudioTrack, blob: Blob): Promise<StemTiming> {
  const codec = await track.getCodec();
  const facts: TimingFacts = {
    codec,
    sampleRate: await track.getSampleRate(),
    firstTimestamp: await track.getFirstTimestamp(),
  };
  if (codec === 'mp3') {
    facts.lameTag = await readLameTag(blob);
    if (!facts.lameTag) facts.iTunSMPB = await id3ITunSMPB(input);
  } else if (codec === 'aac') {
    if (facts.firstTimestamp >= 0) facts.iTunSMPB = await findMp4ITunSMPB(blob);
    else facts.editListSec = await mp4EditListSeconds(blob);
  } else if (codec === 'opus' || codec === 'vorbis') {
    if (codec === 'opus') facts.opusPreSkip = opusPreSkip((await track.getDecoderConfig())?.description);
    facts.oggLastGranule = await oggLastGranule(blob);
  }
  return timingFor(facts);
}

/** iTunes-encoded MP3s carry the tag as an ID3 TXXX frame. */
async function id3ITunSMPB(input: Input) {
  const txxx = (await input.getMetadataTags()).raw?.TXXX;
  const text = txxx && typeof txxx === 'object' && !(txxx instanceof Uint8Array) ? (txxx as Record<string, unknown>).iTunSMPB : undefined;
  return typeof text === 'string' ? parseITunSMPB(text) : null;
}

/** OpusHead: "OpusHead", version, channels, then the pre-skip as u16 little-endian at byte 10. */
function opusPreSkip(description: AllowSharedBufferSource | undefined): number | null {
  if (!description) return null;
  const bytes = ArrayBuffer.isView(description)
    ? new Uint8Array(description.buffer, description.byteOffset, description.byteLength)
    : new Uint8Array(description);
  if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(0, 8)) !== 'OpusHead') return null;
  return bytes[10]! | (bytes[11]! << 8);
}
