/**
 * The Xing/Info frame's LAME extension: the only place an MP3 records how many priming
 * samples the encoder put in front (encoder delay) and how many it padded at the end.
 */
export interface LameTag {
  /** Encoder version string, e.g. "LAME3.100" or "Lavc59.37". */
  encoder: string;
  encoderDelay: number;
  padding: number;
  /** Audio frames after the Info frame (null when the Xing header leaves it out). */
  frameCount: number | null;
  /** 1152 for MPEG-1 Layer III, 576 for MPEG-2/2.5. */
  samplesPerFrame: number;
}

/** Encoders known to write the LAME extension (LAME itself and FFmpeg's libmp3lame wrapper). */
const LAME_ENCODERS = /^(LAME|Lavc|Lavf|L3\.99|GOGO)/;
/** Bytes after the start of the version string where the 12+12-bit delay/padding field sits. */
const DELAY_FIELD = 21;
/** Enough to hold any Info frame (the largest Layer III frame is 1,441 bytes). */
export const MP3_HEAD_BYTES = 4096;

/**
 * Parses the LAME tag from bytes that start at (or shortly before) the first MPEG audio frame.
 * Returns null when the first frame carries no Xing/Info header with a LAME extension.
 */
export function parseLameTag(bytes: Uint8Array): LameTag | null {
  const frame = findFrameSync(bytes);
  if (frame < 0) return null;
  const mpeg1 = ((bytes[frame + 1]! >> 3) & 3) === 3;
  const mono = ((bytes[frame + 3]! >> 6) & 3) === 3;
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17;
  let p = frame + 4 + sideInfo;
  const magic = ascii(bytes, p, 4);
  if (magic !== 'Xing' && magic !== 'Info') return null;
  const flags = u32(bytes, p + 4);
  p += 8;
  let frameCount: number | null = null;
  if (flags & 1) {
    frameCount = u32(bytes, p);
    p += 4;
  }
  if (flags & 2) p += 4; // byte count
  if (flags & 4) p += 100; // seek table
  if (flags & 8) p += 4; // quality
  if (p + DELAY_FIELD + 3 > bytes.length) return null;
  const encoder = ascii(bytes, p, 9);
  if (!LAME_ENCODERS.test(encoder)) return null;
  const d = p + DELAY_FIELD;
  return {
    encoder: encoder.trim(),
    encoderDelay: (bytes[d]! << 4) | (bytes[d + 1]! >> 4),
    padding: ((bytes[d + 1]! & 0x0f) << 8) | bytes[d + 2]!,
    frameCount,
    samplesPerFrame: mpeg1 ? 1152 : 576,
  };
}

/** Reads the first frame of an MP3 Blob past any ID3v2 tags (cover art can make them large). */
export async function readLameTag(blob: Blob): Promise<LameTag | null> {
  let at = 0;
  for (;;) {
    const header = await bytesOf(blob, at, 10);
    const size = id3v2Size(header);
    if (size === null) break;
    at += size;
  }
  return parseLameTag(await bytesOf(blob, at, MP3_HEAD_BYTES));
}

/** Total size of the ID3v2 tag starting at `header[0]` (10-byte header, synchsafe size, optional footer). */
export function id3v2Size(header: Uint8Array): number | null {
  if (header.length < 10 || ascii(header, 0, 3) !== 'ID3') return null;
  const size = ((header[6]! & 0x7f) << 21) | ((header[7]! & 0x7f) << 14) | ((header[8]! & 0x7f) << 7) | (header[9]! & 0x7f);
  return 10 + size + (header[5]! & 0x10 ? 10 : 0);
}

/** First MPEG Layer III frame header: 11 sync bits, a valid version and layer III. */
function findFrameSync(bytes: Uint8Array): number {
  for (let i = 0; i + 4 <= bytes.length; i++) {
    if (bytes[i] !== 0xff || (bytes[i + 1]! & 0xe0) !== 0xe0) continue;
    const version = (bytes[i + 1]! >> 3) & 3;
    const layer = (bytes[i + 1]! >> 1) & 3;
    if (version !== 1 && layer === 1) return i;
  }
  return -1;
}

async function bytesOf(blob: Blob, start: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, start + length).arrayBuffer());
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
