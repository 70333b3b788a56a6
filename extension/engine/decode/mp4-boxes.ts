/** Walking ISO BMFF (MP4) boxes: only what the gapless readers need (itunsmpb.ts, container-length.ts). */

export interface Box {
  type: string;
  /** Content start and end (after the header), relative to the bytes walked. */
  start: number;
  end: number;
}

/** The boxes directly inside bytes[start, end). */
export function childBoxes(bytes: Uint8Array, start: number, end: number): Box[] {
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

/** A top-level box's content, reading only box headers up to it. */
export async function readTopLevelBox(blob: Blob, type: string): Promise<Uint8Array | null> {
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

export function text(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(bytes.subarray(start, end));
}

export function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}
