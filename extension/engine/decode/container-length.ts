/**
 * The true length of a stem whose container, not its codec, records where the audio ends: the
 * decoder's last packet runs past it (encoder padding), and a song that ends there would leave
 * that much silence before a Continue or a segue. Measured on the fixtures: an AAC .m4a 684
 * frames long at 44.1 kHz, Vorbis 44, Opus 648 at 48 kHz.
 *   - Ogg (Opus, Vorbis): the last page's granule position is the stream's last sample (Opus: in
 *     48 kHz samples, counting the pre-skip).
 *   - MP4 with an edit list: the edit's segment duration (movie timescale) is the presented length.
 */
import { childBoxes, readTopLevelBox, text, u32 } from './mp4-boxes';

/** Ogg pages are at most 65,307 bytes: the last one starts within this much of the end. */
const OGG_TAIL_BYTES = 65_307 + 27;

/** The granule position of the last Ogg page that has one, or null (not Ogg, damaged). */
export async function oggLastGranule(blob: Blob): Promise<number | null> {
  const from = Math.max(0, blob.size - OGG_TAIL_BYTES);
  const bytes = new Uint8Array(await blob.slice(from).arrayBuffer());
  for (let at = bytes.length - 27; at >= 0; at--) {
    // "OggS", stream structure version 0.
    if (bytes[at] !== 0x4f || bytes[at + 1] !== 0x67 || bytes[at + 2] !== 0x67 || bytes[at + 3] !== 0x53 || bytes[at + 4] !== 0) continue;
    const view = new DataView(bytes.buffer, bytes.byteOffset + at + 6, 8);
    const low = view.getUint32(0, true);
    const high = view.getInt32(4, true);
    if (high === -1 && low === 0xffffffff) continue; // -1: no packet ends on this page
    const granule = high * 2 ** 32 + low;
    return Number.isSafeInteger(granule) && granule >= 0 ? granule : null;
  }
  return null;
}

/**
 * Seconds the first sound track's edit list presents (empty edits, a delay, not counted), or null
 * without an edit list. Reads the moov box only.
 */
export async function mp4EditListSeconds(blob: Blob): Promise<number | null> {
  const moov = await readTopLevelBox(blob, 'moov');
  return moov ? editListSecondsInMoov(moov) : null;
}

export function editListSecondsInMoov(moov: Uint8Array): number | null {
  const top = childBoxes(moov, 0, moov.length);
  const mvhd = top.find((b) => b.type === 'mvhd');
  if (!mvhd) return null;
  // mvhd: version(1) flags(3), then creation/modification times (4 or 8 bytes each), then the timescale.
  const timescale = u32(moov, mvhd.start + (moov[mvhd.start] === 1 ? 20 : 12));
  if (!timescale) return null;
  for (const trak of top.filter((b) => b.type === 'trak')) {
    const inTrak = childBoxes(moov, trak.start, trak.end);
    const mdia = inTrak.find((b) => b.type === 'mdia');
    const hdlr = mdia && childBoxes(moov, mdia.start, mdia.end).find((b) => b.type === 'hdlr');
    // hdlr: version/flags(4), pre_defined(4), handler_type(4).
    if (!hdlr || text(moov, hdlr.start + 8, hdlr.start + 12) !== 'soun') continue;
    const edts = inTrak.find((b) => b.type === 'edts');
    const elst = edts && childBoxes(moov, edts.start, edts.end).find((b) => b.type === 'elst');
    if (!elst) return null;
    const v1 = moov[elst.start] === 1;
    const count = u32(moov, elst.start + 4);
    const entry = v1 ? 20 : 12;
    let duration = 0;
    for (let i = 0, at = elst.start + 8; i < count && at + entry <= elst.end; i++, at += entry) {
      const segment = v1 ? u32(moov, at) * 2 ** 32 + u32(moov, at + 4) : u32(moov, at);
      // media_time -1 (all ones): an empty edit, time before the track starts.
      const empty = v1 ? u32(moov, at + 8) === 0xffffffff && u32(moov, at + 12) === 0xffffffff : u32(moov, at + 4) === 0xffffffff;
      if (!empty) duration += segment;
    }
    return duration > 0 ? duration / timescale : null;
  }
  return null;
}
