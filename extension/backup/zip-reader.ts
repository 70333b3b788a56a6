import { inflateSync } from 'fflate';
import { abortError, BackupError } from './format';
import { createCrc32 } from './crc32';

interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** The end record (22 bytes) plus the longest comment zip allows. */
const EOCD_SEARCH = 22 + 0xffff;

const damaged = (why: string) => new BackupError(`This backup file is damaged (${why}). Nothing was imported; the library is unchanged.`);

const view = async (blob: Blob, start: number, end: number) => new DataView(await blob.slice(start, end).arrayBuffer());

/**
 * Reads the zip's central directory without loading the file: entries are sliced from the
 * Blob later, so a large backup's audio is never read into memory whole.
 */
export async function readZipDirectory(file: Blob): Promise<Map<string, ZipEntry>> {
  if (file.size < 22) throw damaged('it is too short to be a zip file');
  const tailStart = Math.max(0, file.size - EOCD_SEARCH);
  const tail = await view(file, tailStart, file.size);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('the end of the zip is missing: the file may be truncated, or it is not a zip');
  const count = tail.getUint16(eocd + 10, true);
  const directorySize = tail.getUint32(eocd + 12, true);
  const directoryOffset = tail.getUint32(eocd + 16, true);
  if (directoryOffset + directorySize > tailStart + eocd) throw damaged('its table of contents points past the end: the file may be truncated');
  const directory = await view(file, directoryOffset, directoryOffset + directorySize);
  const names = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.byteLength || directory.getUint32(at, true) !== CENTRAL_SIGNATURE) throw damaged('its table of contents is unreadable');
    const nameLength = directory.getUint16(at + 28, true);
    const extraLength = directory.getUint16(at + 30, true);
    const commentLength = directory.getUint16(at + 32, true);
    const name = names.decode(new Uint8Array(directory.buffer, directory.byteOffset + at + 46, nameLength));
    entries.set(name, {
      name,
      method: directory.getUint16(at + 10, true),
      crc: directory.getUint32(at + 16, true),
      compressedSize: directory.getUint32(at + 20, true),
      size: directory.getUint32(at + 24, true),
      localOffset: directory.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts (after its local header) and its (still compressed) bytes. */
async function rawSlice(file: Blob, entry: ZipEntry): Promise<Blob> {
  const header = await view(file, entry.localOffset, entry.localOffset + 30);
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL_SIGNATURE) throw damaged(`“${entry.name}” has no readable header`);
  const start = entry.localOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  if (start + entry.compressedSize > file.size) throw damaged(`“${entry.name}” is cut short: the file may be truncated`);
  return file.slice(start, start + entry.compressedSize);
}

/** A small (JSON) entry's bytes, inflated and CRC-checked. */
export async function readEntryBytes(file: Blob, entry: ZipEntry): Promise<Uint8Array> {
  const raw = new Uint8Array(await (await rawSlice(file, entry)).arrayBuffer());
  let bytes: Uint8Array;
  if (entry.method === 0) bytes = raw;
  else if (entry.method === 8) {
    try {
      bytes = inflateSync(raw);
    } catch {
      throw damaged(`“${entry.name}” cannot be decompressed`);
    }
  } else throw damaged(`“${entry.name}” uses a compression this app does not write`);
  const crc = createCrc32();
  crc.update(bytes);
  if (bytes.length !== entry.size || crc.digest() !== entry.crc) throw damaged(`“${entry.name}” fails its checksum`);
  return bytes;
}

/**
 * A stored (audio) entry as a Blob slice of the file, after streaming it once through the CRC:
 * what goes into the library is then exactly what was exported.
 */
export async function readStoredEntry(file: Blob, entry: ZipEntry, type: string, onBytes: (n: number) => void, signal?: AbortSignal): Promise<Blob> {
  if (entry.method !== 0 || entry.compressedSize !== entry.size) throw damaged(`“${entry.name}” is not stored the way this app writes audio`);
  const slice = await rawSlice(file, entry);
  const crc = createCrc32();
  const reader = slice.stream().getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (signal?.aborted) {
      await reader.cancel();
      throw abortError();
    }
    crc.update(read.value);
    onBytes(read.value.length);
  }
  if (crc.digest() !== entry.crc) throw damaged(`the audio “${entry.name}” fails its checksum`);
  return slice.slice(0, slice.size, type);
}
