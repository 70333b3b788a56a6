import { childBoxes, readTopLevelBox, text, u32 } from './mp4-boxes';

/**
 * iTunes' gapless tag (`iTunSMPB`): encoder delay, padding and true length of an AAC (or MP3)
 * file that has no MP4 edit list. In MP4 it sits in moov/udta/meta/ilst/'----' (mean, name, data).
 */
export interface ITunSMPB {
  delay: number;
  padding: number;
  /** Samples of real audio after the delay. */
  length: number;
}

/** " 00000000 00000840 000001CA 00000000003F31F6 …": hex fields 2, 3 and 4. */
export function parseITunSMPB(text: string): ITunSMPB | null {
  const fields = text.replace(/\0/g, ' ').trim().split(/\s+/);
  if (fields.length < 4 || !fields.slice(1, 4).every((f) => /^[0-9a-f]{1,16}$/i.test(f))) return null;
  const [delay, padding, length] = fields.slice(1, 4).map((f) => Number.parseInt(f, 16)) as [number, number, number];
  return length > 0 ? { delay, padding, length } : null;
}

/** Finds the tag in an MP4 Blob: reads only top-level box headers, then the moov box. */
export async function findMp4ITunSMPB(blob: Blob): Promise<ITunSMPB | null> {
  const moov = await readTopLevelBox(blob, 'moov');
  return moov ? findITunSMPBInMoov(moov) : null;
}

/** The tag from a moov box's content bytes. */
export function findITunSMPBInMoov(moov: Uint8Array): ITunSMPB | null {
  const udta = childBoxes(moov, 0, moov.length).find((b) => b.type === 'udta');
  const meta = udta && childBoxes(moov, udta.start, udta.end).find((b) => b.type === 'meta');
  if (!meta) return null;
  // ISO 'meta' is a full box (4 bytes version/flags); QuickTime's is not: those 4 bytes are then a box size.
  const metaStart = u32(moov, meta.start) === 0 ? meta.start + 4 : meta.start;
  const ilst = childBoxes(moov, metaStart, meta.end).find((b) => b.type === 'ilst');
  if (!ilst) return null;
  for (const item of childBoxes(moov, ilst.start, ilst.end)) {
    if (item.type !== '----') continue;
    const parts = childBoxes(moov, item.start, item.end);
    const name = parts.find((b) => b.type === 'name');
    const data = parts.find((b) => b.type === 'data');
    // 'name' and 'data' both begin with 4 bytes of version/flags; 'data' then has a 4-byte locale.
    if (!name || !data || text(moov, name.start + 4, name.end) !== 'iTunSMPB') continue;
    return parseITunSMPB(text(moov, data.start + 8, data.end));
  }
  return null;
}
