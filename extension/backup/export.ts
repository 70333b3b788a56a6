import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { LibraryDb } from '../db/db';
import { abortError, audioPath, BackupError, BACKUP_FORMAT, BACKUP_VERSION, DATA_STORES, dataPath, MANIFEST_PATH, type BackupManifest } from './format';
import { readStores } from './store';

interface ExportProgress {
  bytesDone: number;
  bytesTotal: number;
}

interface ExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** A track's waveform peaks are binary and derived from its audio: the player remakes them after a restore. */
const withoutPeaks = (key: string, value: unknown) => (key === 'peaks' ? undefined : value);

/** Zip output is folded into a Blob this often, so the browser can move it out of the JS heap. */
const FOLD_BYTES = 32 * 1024 * 1024;
const ZIP32_LIMIT = 0xffffffff;

/**
 * The whole library as one zip: manifest first, the data stores as JSON, then every track's
 * audio stored as is (already compressed, or WAV that deflate would barely shrink). The audio is
 * streamed from IndexedDB through fflate into a Blob, so it is never held twice in memory.
 */
export async function exportLibrary(db: LibraryDb, { onProgress, signal, now = Date.now }: ExportOptions = {}): Promise<Blob> {
  const records = await readStores(db);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: now(),
    counts: Object.fromEntries(DATA_STORES.map((s) => [s, records[s].length])) as BackupManifest['counts'],
    audio: records.tracks.map((t) => ({ trackId: t.id, path: audioPath(t.id), size: t.size, type: t.mimeType })),
  };

  let folded = new Blob([]);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let failure: Error | null = null;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= FOLD_BYTES || final) {
        folded = new Blob([folded, ...(pending as BlobPart[])]);
        pending = [];
        pendingBytes = 0;
      }
    }
    if (error || final) finished();
  });

  const json = DATA_STORES.map((s) => [dataPath(s), strToU8(JSON.stringify(records[s], s === 'tracks' ? withoutPeaks : undefined))] as const);
  const bytesTotal = json.reduce((n, [, bytes]) => n + bytes.length, 0) + manifest.audio.reduce((n, a) => n + a.size, 0);
  // fflate writes classic zip (32-bit sizes and offsets); refuse up front rather than write a broken file.
  if (bytesTotal + 64 * 1024 * 1024 > ZIP32_LIMIT) {
    throw new BackupError(`The library holds ${(bytesTotal / 1e9).toFixed(1)} GB; a backup file can hold up to 4 GB for now. Nothing was exported.`);
  }
  let bytesDone = 0;
  const report = (bytes: number) => {
    bytesDone += bytes;
    onProgress?.({ bytesDone, bytesTotal });
  };
  const check = () => {
    if (failure) throw failure;
    if (signal?.aborted) throw abortError();
  };

  for (const [path, bytes] of [[MANIFEST_PATH, strToU8(JSON.stringify(manifest, null, 1))] as const, ...json]) {
    const file = new ZipDeflate(path, { level: 6 });
    zip.add(file);
    file.push(bytes, true);
    report(path === MANIFEST_PATH ? 0 : bytes.length);
  }
  for (const entry of manifest.audio) {
    check();
    const record = await db.audio.get(entry.trackId);
    if (!record) throw new Error(`The audio of track ${entry.trackId} is missing from the library.`);
    const file = new ZipPassThrough(entry.path);
    zip.add(file);
    const reader = record.blob.stream().getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      check();
      file.push(read.value);
      report(read.value.length);
    }
    file.push(new Uint8Array(0), true);
  }
  zip.end();
  await done;
  check();
  return new Blob([folded], { type: 'application/zip' });
}
