import { computed, effect, signal } from '@preact/signals';
import { messageOf } from '../messaging/errors';
import { liveQuery } from 'dexie';
import type { LibraryDb } from '../db/db';
import { ImportError } from './import/errors';
import { importSongs, type ImportLimits, type ImportProgress, type ImportResult, type ProbeAudio } from './import/import-songs';
import { groupIntoSongs, type SourceFile } from './import/sources';
import { searchSongs, sortSongs } from './search';
import { allSongs, deleteSong, deleteTrack, renameTrack, tracksOf, updateSong, type SongDetails, type SongRecord, type TrackLook, type TrackRecord } from './store';
import { saveTrackLook as saveLook } from './tracks-model';
import { count } from '../../shared/count';

interface LibraryDeps {
  db: LibraryDb;
  probe: ProbeAudio;
  /**
   * Asks the engine to prepare a song (it reads the tracks from the same database); next/previous
   * follow `order`. During a show the song may be cued instead (the show guard): then it resolves
   * to what to tell the performer.
   */
  loadSong: (songId: string, order: string[] | undefined) => Promise<string | undefined>;
  /** Asks the browser not to evict the library under storage pressure; true if granted. */
  requestPersistence?: () => Promise<boolean>;
  /** The plan's limits on adding songs and tracks (the account's gates). */
  limits?: ImportLimits;
  /** Makes the waveforms of the tracks an import saved (waveform/peaks-jobs.ts), after the import. */
  drawWaveforms?: (trackIds: readonly string[]) => void;
  /** Tells the engine a song's details changed (its loaded copy takes the new tempo and names). */
  songEdited?: (songId: string) => void;
}

interface Notice {
  tone: 'error' | 'success';
  text: string;
}

export interface PendingDelete {
  kind: 'song' | 'track';
  id: string;
  name: string;
}

const persistStorage = async () => (await navigator.storage.persisted()) || navigator.storage.persist();


/** The library's state and actions for the player page; components only read and call these. */
export function createLibraryModel({ db, probe, loadSong, requestPersistence = persistStorage, limits, drawWaveforms, songEdited }: LibraryDeps) {
  const songs = signal<SongRecord[]>([]);
  const loaded = signal(false);
  const query = signal('');
  const results = computed(() => searchSongs(songs.value, query.value));
  const selectedId = signal<string | null>(null);
  const selectedSong = computed(() => songs.value.find((s) => s.id === selectedId.value) ?? null);
  const tracks = signal<TrackRecord[]>([]);
  const importProgress = signal<ImportProgress | null>(null);
  const notice = signal<Notice | null>(null);
  const pendingDelete = signal<PendingDelete | null>(null);
  let persistenceAsked = false;

  // liveQuery keeps the list true to the database, including changes from another player tab.
  const songsSubscription = liveQuery(() => allSongs(db)).subscribe({
    next: (list) => {
      songs.value = sortSongs(list);
      loaded.value = true;
    },
    error: (error) => fail(`The library could not be read: ${messageOf(error)}`),
  });

  const stopTracks = effect(() => {
    const songId = selectedId.value;
    tracks.value = [];
    if (!songId) return;
    const subscription = liveQuery(() => tracksOf(db, songId)).subscribe({
      next: (list) => (tracks.value = list),
      error: (error) => fail(`The tracks could not be read: ${messageOf(error)}`),
    });
    return () => subscription.unsubscribe();
  });

  function fail(text: string) {
    notice.value = { tone: 'error', text };
  }

  async function run(work: () => Promise<void>, success?: string): Promise<boolean> {
    try {
      await work();
      if (success) notice.value = { tone: 'success', text: success };
      return true;
    } catch (error) {
      fail(messageOf(error));
      return false;
    }
  }

  async function select(songId: string): Promise<void> {
    selectedId.value = songId;
    await run(async () => {
      // Just after an import the list may not show the new song yet: then the engine uses its default order.
      const listed = songs.value.some((s) => s.id === songId);
      const cued = await loadSong(songId, listed ? songs.value.map((s) => s.id) : undefined);
      if (cued) notice.value = { tone: 'success', text: cued };
    });
  }

  /** Imports dropped or picked files: one song per folder, loose files as one song. */
  async function importFiles(sources: readonly SourceFile[]): Promise<void> {
    if (importProgress.value) return fail('Another import is still running; wait for it to finish.');
    const { songs: groups, skipped } = groupIntoSongs(sources);
    notice.value = null;
    importProgress.value = { phase: 'checking', fileName: '', fileNumber: 0, fileCount: 0, bytesDone: 0, bytesTotal: 1 };
    try {
      if (!persistenceAsked) {
        persistenceAsked = true;
        // Best effort: refusal only means the browser may evict data when the disk is full.
        await requestPersistence().catch(() => false);
      }
      const result = await importSongs(db, groups, { probe, limits, onProgress: (p) => (importProgress.value = p) });
      notice.value = { tone: 'success', text: summary(result, skipped) };
      // Saved: the waveforms follow in the background ("Drawing waveform…" in the lanes until then).
      drawWaveforms?.(result.trackIds);
      if (result.songs[0]) void select(result.songs[0].id);
    } catch (error) {
      fail(error instanceof ImportError ? error.message : `Nothing was imported: ${messageOf(error)}`);
    } finally {
      importProgress.value = null;
    }
  }

  const saveSong = (songId: string, details: SongDetails) =>
    run(async () => {
      await updateSong(db, songId, details);
      songEdited?.(songId);
    }, `Saved “${details.title.trim()}”.`);

  const saveTrackName = (trackId: string, name: string) => run(() => renameTrack(db, trackId, name));
  /** Colour and group from the song editor: the track lanes' own save (tracks-model.ts). */
  const saveTrackLook = (trackId: string, look: TrackLook) => run(() => saveLook(db, trackId, look));

  function requestDelete(target: PendingDelete): void {
    pendingDelete.value = target;
  }

  function cancelDelete(): void {
    pendingDelete.value = null;
  }

  async function confirmDelete(): Promise<void> {
    const target = pendingDelete.value;
    pendingDelete.value = null;
    if (!target) return;
    if (target.kind === 'song') {
      if (await run(() => deleteSong(db, target.id), `Deleted “${target.name}”.`) && selectedId.value === target.id) {
        selectedId.value = null;
      }
    } else {
      await run(() => deleteTrack(db, target.id), `Deleted track “${target.name}”.`);
    }
  }

  function dispose(): void {
    songsSubscription.unsubscribe();
    stopTracks();
  }

  return {
    songs, loaded, query, results, selectedId, selectedSong, tracks, importProgress, notice, pendingDelete,
    select, importFiles, saveSong, saveTrackName, saveTrackLook, requestDelete, cancelDelete, confirmDelete, dispose,
  };
}

export type LibraryModel = ReturnType<typeof createLibraryModel>;

function summary({ songs, trackCount, notes }: ImportResult, skipped: readonly string[]): string {
  const what = songs.length === 1 ? `“${songs[0]!.title}”` : `${songs.length} songs`;
  const tracks = count(trackCount, 'track');
  const skippedNote = skipped.length ? ` Skipped (not audio): ${skipped.join(', ')}.` : '';
  return [`Imported ${what} with ${tracks}.${skippedNote}`, ...notes].join(' ');
}
