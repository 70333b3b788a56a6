import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { runWithNotice } from '../player/run-with-notice';
import { messageOf } from '../messaging/errors';
import { liveQuery } from 'dexie';
import type { LibraryDb } from '../db/db';
import type { PeaksJobs } from '../waveform/peaks-jobs';
import { saveTrackOrder, tracksOf, updateTrackLook, type TrackLook, type TrackRecord } from './store';
import { moveItem, positionMessage } from './track-order';

/** Saves a track's colour and/or group (checked by the store); the lanes and the song editor both use it. */
export const saveTrackLook = (db: LibraryDb, trackId: string, look: TrackLook): Promise<void> => updateTrackLook(db, trackId, look);

interface TracksDeps {
  db: LibraryDb;
  /** The loaded song's id (the engine's). */
  songId: ReadonlySignal<string | null>;
  /** Where waveforms are made (the import's and older tracks' alike). */
  peaks: PeaksJobs;
}


/**
 * The loaded song's tracks as the library stores them (order, colour, group, waveform), and the
 * edits of the mixer. The engine reads the saved order when it loads a song; until then the
 * mixer shows its strips in this order.
 */
export function createTracksModel({ db, songId, peaks }: TracksDeps) {
  const records = signal<TrackRecord[]>([]);
  /** The last move, for an aria-live region. */
  const announcement = signal('');
  const notice = signal<string | null>(null);
  /** Tracks whose waveform could not be made: their lanes say so. */
  const peaksFailed = peaks.failed;
  const stopReading = effect(() => {
    const id = songId.value;
    records.value = [];
    if (!id) return;
    const subscription = liveQuery(() => tracksOf(db, id)).subscribe({
      next: (list) => (records.value = list),
      error: (error) => (notice.value = `The tracks could not be read: ${messageOf(error)}`),
    });
    return () => subscription.unsubscribe();
  });

  // A track without peaks (an import's, until its waveform is made, or one stored before waveforms) is queued.
  const stopFilling = effect(() => {
    peaks.enqueue(records.value.filter((t) => !(t.peaks instanceof Int8Array)).map((t) => t.id));
  });

  function run(work: () => Promise<void>): Promise<boolean> {
    return runWithNotice(notice, work);
  }

  /** Moves a track to position `to` (0 first) and saves the song's order. */
  async function moveTo(trackId: string, to: number): Promise<void> {
    const list = records.value;
    const from = list.findIndex((t) => t.id === trackId);
    const id = songId.value;
    if (from < 0 || !id) return;
    const target = Math.max(0, Math.min(list.length - 1, to));
    if (target === from) return;
    const next = moveItem(list, from, target);
    // Shown at once; the live query confirms it (or a failed save puts it back).
    records.value = next.map((t, order) => ({ ...t, order }));
    if (await run(() => saveTrackOrder(db, id, next.map((t) => t.id)))) {
      announcement.value = positionMessage(list[from]!.name, target, list.length);
    } else {
      records.value = list;
    }
  }

  const moveBy = (trackId: string, delta: number) => moveTo(trackId, records.value.findIndex((t) => t.id === trackId) + delta);
  const setLook = (trackId: string, look: TrackLook) => run(() => saveTrackLook(db, trackId, look));

  function dispose(): void {
    stopReading();
    stopFilling();
  }

  return { records, announcement, notice, peaksFailed, moveTo, moveBy, setLook, dispose };
}

export type TracksModel = ReturnType<typeof createTracksModel>;
