import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { runWithNotice } from '../player/run-with-notice';
import { messageOf } from '../messaging/errors';
import { liveQuery } from 'dexie';
import type { LibraryDb } from '../db/db';
import { peaksOfBlob } from '../waveform/decode-peaks';
import type { Peaks } from '../waveform/peaks';
import { saveTrackOrder, saveTrackPeaks, tracksOf, updateTrackLook, type TrackLook, type TrackRecord } from './store';
import { moveItem, positionMessage } from './track-order';

/** Saves a track's colour and/or group (checked by the store); the lanes and the song editor both use it. */
export const saveTrackLook = (db: LibraryDb, trackId: string, look: TrackLook): Promise<void> => updateTrackLook(db, trackId, look);

interface TracksDeps {
  db: LibraryDb;
  /** The loaded song's id (the engine's). */
  songId: ReadonlySignal<string | null>;
  /**
   * Older tracks' overviews are made only while this is false: a full decode must not compete with
   * the show, so the player passes true unless the engine is stopped or idle (paused counts as busy).
   */
  busy: ReadonlySignal<boolean>;
  /** For tracks stored without peaks; a test passes its own. */
  computePeaks?: (blob: Blob, durationSec: number, signal: AbortSignal) => Promise<Peaks>;
}


/**
 * The loaded song's tracks as the library stores them (order, colour, group, waveform), and the
 * edits of the mixer. The engine reads the saved order when it loads a song; until then the
 * mixer shows its strips in this order.
 */
export function createTracksModel({ db, songId, busy, computePeaks = peaksOfBlob }: TracksDeps) {
  const records = signal<TrackRecord[]>([]);
  /** The last move, for an aria-live region. */
  const announcement = signal('');
  const notice = signal<string | null>(null);
  /** Tracks whose overview could not be made (not retried until the page reloads). */
  const peaksFailed = signal<ReadonlySet<string>>(new Set());
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

  /** The first track still without an overview; by id, so a reorder does not restart its decode. */
  const missingId = computed(() => records.value.find((t) => !(t.peaks instanceof Int8Array) && !peaksFailed.value.has(t.id))?.id ?? null);
  // One track at a time, and only while the engine is stopped: Play (or a song change) aborts the decode.
  const stopFilling = effect(() => {
    const id = missingId.value;
    const track = records.peek().find((t) => t.id === id);
    if (!track || busy.value) return;
    const controller = new AbortController();
    void fillPeaks(track, controller.signal);
    return () => controller.abort();
  });

  /** A track imported before waveforms: its overview, computed once and stored with the track. */
  async function fillPeaks(track: TrackRecord, signal: AbortSignal): Promise<void> {
    try {
      const audio = await db.audio.get(track.id);
      if (!audio) throw new Error('its audio is missing');
      const peaks = await computePeaks(audio.blob, track.durationSec, signal);
      if (!signal.aborted) await saveTrackPeaks(db, track.id, peaks);
    } catch {
      // Aborted by Play or a song change: tried again when it is next stopped.
      if (!signal.aborted) peaksFailed.value = new Set([...peaksFailed.value, track.id]);
    }
  }

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
