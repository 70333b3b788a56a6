import type { LibraryDb } from '../../db/db';
import { addSongs, songCount, type SongRecord } from '../store';
import { ImportError, InvalidAudioError, isQuotaError, problemsMessage, QUOTA_MESSAGE, type FileProblem } from './errors';
import { songRecords } from './records';
import type { SongSource } from './sources';

export interface ProbedAudio {
  durationSec: number;
  sampleRate: number;
  channels: number;
  mimeType: string;
  /** A warning that does not block the import (e.g. a stem whose start cannot be placed exactly). */
  note?: string;
}

/** Validates one file (throws InvalidAudioError) and reports how far it has read. */
export type ProbeAudio = (file: File, onBytesRead: (bytes: number) => void) => Promise<ProbedAudio>;

export interface ImportProgress {
  phase: 'checking' | 'saving';
  fileName: string;
  /** 1-based, for "file 3 of 8". */
  fileNumber: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
}

/** What an import would add, for the plan's limits (counted before anything is written). */
interface ImportCounts {
  songsBefore: number;
  songsAdded: number;
  /** Tracks of the largest song being added. */
  largestSongTracks: number;
}

/** Returns why the import is refused (e.g. over the Free plan's limits), or null to go ahead. */
export type ImportLimits = (counts: ImportCounts) => string | null;

interface ImportOptions {
  probe: ProbeAudio;
  limits?: ImportLimits;
  onProgress?: (progress: ImportProgress) => void;
  newId?: () => string;
  now?: () => number;
}

export interface ImportResult {
  songs: Pick<SongRecord, 'id' | 'title'>[];
  trackCount: number;
  /** The saved tracks, whose waveforms are made next (waveform/peaks-jobs.ts), after the import. */
  trackIds: string[];
  /** The probes' notes, for the import message. */
  notes: string[];
}

/**
 * Imports songs all or nothing: every file is validated first, then everything is written in
 * ONE transaction, so a bad file or a full disk leaves the library exactly as it was. Waveforms
 * are not part of it: they are made after the save (waveform/peaks-jobs.ts), and never fail it.
 * Files are probed one after another: each probe awaits file reads, so the page stays responsive.
 */
export async function importSongs(db: LibraryDb, songs: readonly SongSource[], options: ImportOptions): Promise<ImportResult> {
  const { probe, onProgress = () => {}, newId = () => crypto.randomUUID(), now = Date.now } = options;
  const files = songs.flatMap((s) => s.files);
  if (files.length === 0) throw new ImportError('Nothing was imported: no audio files were found.');
  if (options.limits) {
    const adding = songs.filter((s) => s.files.length);
    const refusal = options.limits({ songsBefore: await songCount(db), songsAdded: adding.length, largestSongTracks: Math.max(...adding.map((s) => s.files.length)) });
    if (refusal) throw new ImportError(refusal);
  }

  const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
  let bytesBefore = 0;
  const problems: FileProblem[] = [];
  const probed = new Map<File, Awaited<ReturnType<ProbeAudio>>>();
  for (const [index, file] of files.entries()) {
    const report = (read: number) =>
      onProgress({ phase: 'checking', fileName: file.name, fileNumber: index + 1, fileCount: files.length, bytesDone: bytesBefore + Math.min(read, file.size), bytesTotal });
    report(0);
    try {
      probed.set(file, await probe(file, report));
    } catch (error) {
      problems.push({ fileName: file.name, reason: error instanceof InvalidAudioError ? error.reason : `could not be read (${String(error)})` });
    }
    bytesBefore += file.size;
  }
  if (problems.length) throw new ImportError(problemsMessage(problems), problems);

  onProgress({ phase: 'saving', fileName: '', fileNumber: files.length, fileCount: files.length, bytesDone: bytesTotal, bytesTotal });
  const at = now();
  const records = songs.filter((s) => s.files.length).map((s) => songRecords(s, s.files.map((f) => probed.get(f)!), newId, at));
  try {
    await addSongs(db, records);
  } catch (error) {
    if (isQuotaError(error)) throw new ImportError(QUOTA_MESSAGE, [], { cause: error });
    throw error;
  }
  const notes = files.flatMap((f) => probed.get(f)?.note ?? []);
  return { songs: records.map(({ song }) => ({ id: song.id, title: song.title })), trackCount: files.length, trackIds: records.flatMap((r) => r.tracks.map((t) => t.id)), notes };
}
