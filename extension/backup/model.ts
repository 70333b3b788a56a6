import { signal, type ReadonlySignal } from '@preact/signals';
import type { GateKind, GateResult } from '../account/gates';
import type { LibraryDb } from '../db/db';
import type { TrackRecord } from '../library/store';
import { exportLibrary } from './export';
import { BackupError, isAbort } from './format';
import { planImport, type ConflictChoice, type ImportMode, type ImportPlan, type SongConflict } from './plan';
import { readBackup, type BackupContents } from './read-backup';
import { applyImport, readStores } from './store';
import { count } from '../../shared/count';

interface BackupDeps {
  db: LibraryDb;
  /** The Premium gate for export (account gates: canUse('backup_export')). */
  canExport: () => GateResult;
  /** The plan's limits on adding songs and tracks (account gates' canAdd): an import adds too. */
  canAdd: (kind: GateKind, currentCount: number, adding: number) => GateResult;
  download: (blob: Blob, fileName: string) => void;
  /** An import rewrites the stores the engine streams from: never during a song. */
  isPlaying: ReadonlySignal<boolean>;
  now?: () => number;
}

interface BackupProgress {
  label: string;
  done: number;
  total: number;
}

interface BackupReview {
  fileName: string;
  songs: number;
  tracks: number;
  conflicts: SongConflict[];
  contents: BackupContents;
}

interface BackupNotice {
  tone: 'error' | 'success';
  text: string;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Export the library as one zip; import one after showing what it holds and what conflicts. */
export function createBackupModel({ db, canExport, canAdd, download, isPlaying, now = () => performance.now() }: BackupDeps) {
  const progress = signal<BackupProgress | null>(null);
  const notice = signal<BackupNotice | null>(null);
  const review = signal<BackupReview | null>(null);
  const mode = signal<ImportMode>('merge');
  const choice = signal<ConflictChoice>('keep');
  let running: AbortController | null = null;

  async function run(label: string, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (running) return;
    running = new AbortController();
    progress.value = { label, done: 0, total: 1 };
    notice.value = null;
    try {
      await work(running.signal);
    } catch (error) {
      if (isAbort(error)) notice.value = { tone: 'error', text: 'Cancelled. The library is unchanged.' };
      else if (error instanceof BackupError) notice.value = { tone: 'error', text: error.message };
      else notice.value = { tone: 'error', text: `${label} failed; the library is unchanged: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      running = null;
      progress.value = null;
    }
  }

  async function exportBackup(): Promise<void> {
    const gate = canExport();
    if (!gate.ok) {
      notice.value = { tone: 'error', text: gate.message };
      return;
    }
    await run('Export', async (signal) => {
      const started = now();
      const blob = await exportLibrary(db, { signal, onProgress: (p) => (progress.value = { label: 'Exporting', done: p.bytesDone, total: p.bytesTotal }) });
      const songs = await db.songs.count();
      download(blob, `stagetracker-backup-${new Date().toISOString().slice(0, 10)}.zip`);
      notice.value = { tone: 'success', text: `Backup saved: ${count(songs, 'song')}, ${mb(blob.size)} in ${seconds(now() - started)}.` };
    });
  }

  /** Reads and checks the whole file first; nothing is written until the user confirms. */
  async function chooseFile(file: File): Promise<void> {
    review.value = null;
    await run('Reading the backup', async (signal) => {
      const contents = await readBackup(file, { signal, onProgress: (p) => (progress.value = { label: 'Checking', done: p.bytesDone, total: p.bytesTotal }) });
      const { conflicts } = planImport(contents, await readStores(db), 'merge', 'keep');
      review.value = { fileName: file.name, songs: contents.records.songs.length, tracks: contents.records.tracks.length, conflicts, contents };
    });
  }

  async function confirmImport(): Promise<void> {
    const current = review.value;
    if (!current) return;
    if (isPlaying.value) {
      notice.value = { tone: 'error', text: 'Stop the song first: importing a backup while it plays could cut its audio. Nothing was imported.' };
      return;
    }
    await run('Import', async (signal) => {
      const started = now();
      progress.value = { label: 'Importing', done: 0, total: 1 };
      const local = await readStores(db);
      const plan = planImport(current.contents, local, mode.value, choice.value);
      const refused = overLimit(local.songs.length, plan, current.contents.records.tracks);
      if (refused) throw new BackupError(`Nothing was imported: ${refused}`);
      await applyImport(db, current.contents, plan, signal);
      review.value = null;
      const kept = plan.songsKept ? `, ${plan.songsKept} kept as they were` : '';
      const what = mode.value === 'replace' ? `Library replaced with ${plan.songsAdded} songs` : `Merged: ${plan.songsAdded} songs added or updated${kept}`;
      notice.value = { tone: 'success', text: `${what} from “${current.fileName}” in ${seconds(now() - started)}.` };
    });
  }

  /** A downgrade never removes songs, so only a count that grows is checked. */
  function overLimit(songsBefore: number, plan: ImportPlan, tracks: readonly TrackRecord[]): string | null {
    const songsAfter = plan.clear ? plan.songsAdded : songsBefore - plan.deleteSongIds.length + plan.songsAdded;
    if (songsAfter > songsBefore) {
      const songs = canAdd('songs', songsBefore, songsAfter - songsBefore);
      if (!songs.ok) return songs.message;
    }
    const perSong = new Map<string, number>();
    for (const t of tracks) if (plan.puts.songs.some((s) => s.id === t.songId)) perSong.set(t.songId, (perSong.get(t.songId) ?? 0) + 1);
    const largest = Math.max(0, ...perSong.values());
    const result = largest ? canAdd('tracksPerSong', 0, largest) : null;
    return result && !result.ok ? result.message : null;
  }

  /** Stops a running export or import (rolled back), or closes the review without importing. */
  function cancel(): void {
    if (running) running.abort();
    else if (review.value) {
      review.value = null;
      notice.value = { tone: 'success', text: 'Import cancelled. The library is unchanged.' };
    }
  }

  return { progress, notice, review, mode, choice, exportBackup, chooseFile, confirmImport, cancel };
}

export type BackupModel = ReturnType<typeof createBackupModel>;
