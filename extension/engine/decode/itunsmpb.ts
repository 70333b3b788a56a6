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

interface Box {
  type: string;
  /** Content start and end (after the header), relative to the bytes walked. */
  start: number;
  end: number;
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

function childBoxes(bytes: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  for (let at = start; at + 8 <= end; ) {
    let size = u32(bytes, at);
    let header = 8;
    if (size === 1) {
      size = u32(bytes, at + 8) * 2 ** 32 + u32(bytes, at + 12);
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) break; // damaged: stop rather than read garbage
    boxes.push({ type: text(bytes, at + 4, at + 8), start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

async function readTopLevelBox(blob: Blob, type: string): Promise<Uint8Array | null> {
  for (let at = 0; at + 8 <= blob.size; ) {
    const head = new Uint8Array(await blob.slice(at, at + 16).arrayBuffer());
    let size = u32(head, 0);
    let header = 8;
    if (size === 1) {
      size = u32(head, 8) * 2 ** 32 + u32(head, 12);
      header = 16;
    } else if (size === 0) size = blob.size - at;
    if (size < header) return null;
    if (text(head, 4, 8) === type) return new Uint8Array(await blob.slice(at + header, at + size).arrayBuffer());
    at += size;
  }
  return null;
}

function text(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end));
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
