import { strFromU8 } from 'fflate';
import { abortError, audioPath, BACKUP_FORMAT, BACKUP_VERSION, BackupError, DATA_STORES, dataPath, MANIFEST_PATH, type BackupManifest, type DataStore, type StoreRecords } from './format';
import { validateRecords } from './validate';
import { readEntryBytes, readStoredEntry, readZipDirectory } from './zip-reader';

export interface BackupContents {
  manifest: BackupManifest;
  records: StoreRecords;
  /** Track id → its audio, as a slice of the backup file (not loaded into memory). */
  audio: Map<string, Blob>;
}

interface ReadOptions {
  onProgress?: (progress: { bytesDone: number; bytesTotal: number }) => void;
  signal?: AbortSignal;
}

const notOurs = (why: string) => new BackupError(`This is not a StageTracker backup (${why}). Nothing was imported; the library is unchanged.`);

function parseJson(bytes: Uint8Array, name: string): unknown {
  try {
    return JSON.parse(strFromU8(bytes));
  } catch {
    throw new BackupError(`This backup is damaged: “${name}” is not valid JSON. Nothing was imported; the library is unchanged.`);
  }
}

/** Reads and checks the whole backup (manifest, version, every record, every CRC) before any write. */
export async function readBackup(file: Blob, { onProgress, signal }: ReadOptions = {}): Promise<BackupContents> {
  const entries = await readZipDirectory(file);
  const manifestEntry = entries.get(MANIFEST_PATH);
  if (!manifestEntry) throw notOurs('it has no manifest.json');
  const manifest = parseJson(await readEntryBytes(file, manifestEntry), MANIFEST_PATH) as Partial<BackupManifest>;
  if (manifest.format !== BACKUP_FORMAT) throw notOurs('its manifest names another format');
  if (typeof manifest.version !== 'number' || manifest.version > BACKUP_VERSION || manifest.version < 1) {
    throw new BackupError(`This backup is format version ${String(manifest.version)}; this version of StageTracker reads version ${BACKUP_VERSION}. Update the extension, then import it again. Nothing was imported.`);
  }
  const parsed = {} as Record<DataStore, unknown>;
  for (const store of DATA_STORES) {
    const entry = entries.get(dataPath(store));
    if (!entry) throw new BackupError(`This backup is incomplete: “${dataPath(store)}” is missing. Nothing was imported; the library is unchanged.`);
    parsed[store] = parseJson(await readEntryBytes(file, entry), entry.name);
  }
  const records = validateRecords(parsed);

  const audio = new Map<string, Blob>();
  const bytesTotal = records.tracks.reduce((n, t) => n + (entries.get(audioPath(t.id))?.size ?? 0), 0);
  let bytesDone = 0;
  for (const track of records.tracks) {
    if (signal?.aborted) throw abortError();
    const entry = entries.get(audioPath(track.id));
    if (!entry) throw new BackupError(`This backup is incomplete: the audio of “${track.name}” is missing. Nothing was imported; the library is unchanged.`);
    audio.set(track.id, await readStoredEntry(file, entry, track.mimeType, (n) => onProgress?.({ bytesDone: (bytesDone += n), bytesTotal }), signal));
  }
  return { manifest: manifest as BackupManifest, records, audio };
}
