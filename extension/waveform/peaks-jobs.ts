import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { LibraryDb } from '../db/db';
import { saveTrackPeaks } from '../library/store';
import { peaksOfBlob } from './decode-peaks';
import { PEAKS_MEASURE, type Peaks } from './peaks';

interface PeaksJobsDeps {
  db: Pick<LibraryDb, 'tracks' | 'audio'>;
  /**
   * Waveforms are made only while this is false: a full decode must not compete with the show,
   * so the player passes true unless the engine is stopped or idle (paused counts as busy).
   */
  busy: ReadonlySignal<boolean>;
  /** One decode of a stored track into its peaks (decode-peaks.ts); a test passes its own. */
  computePeaks?: (blob: Blob, durationSec: number, signal: AbortSignal) => Promise<Peaks>;
  /** Where a waveform that could not be made is reported (it never fails the import). */
  log?: (message: string, error: unknown) => void;
}

/**
 * The one place waveforms are made: tracks saved by an import, and older tracks stored without
 * peaks, are decoded here one at a time after they are in the library, and their peaks stored
 * with the track. Play aborts the running decode; it starts again when the engine stops.
 */
export function createPeaksJobs({ db, busy, computePeaks = peaksOfBlob, log = (message, error) => console.warn(message, error) }: PeaksJobsDeps) {
  /** Track ids waiting for their waveform, the first one being made. */
  const queue = signal<readonly string[]>([]);
  /** Tracks whose waveform could not be made (not retried until the page reloads). */
  const failed = signal<ReadonlySet<string>>(new Set());
  const head = computed(() => queue.value[0] ?? null);
  /** Made in this page: a list read just before the save must not queue it again. */
  const made = new Set<string>();

  const stop = effect(() => {
    const id = head.value;
    if (!id || busy.value) return;
    const controller = new AbortController();
    void make(id, controller.signal);
    return () => controller.abort();
  });

  async function make(trackId: string, abort: AbortSignal): Promise<void> {
    try {
      const [track, audio] = await Promise.all([db.tracks.get(trackId), db.audio.get(trackId)]);
      // Deleted meanwhile: nothing to draw.
      if (track && audio) {
        const started = performance.now();
        const peaks = await computePeaks(audio.blob, track.durationSec, abort);
        if (abort.aborted) return;
        await saveTrackPeaks(db, trackId, peaks);
        made.add(trackId);
        // One user-timing entry per waveform (bench/waveform.ts reads them).
        performance.measure(PEAKS_MEASURE, { start: started, detail: track.fileName });
      }
    } catch (error) {
      // Aborted by Play: made when the engine is next stopped.
      if (abort.aborted) return;
      failed.value = new Set([...failed.peek(), trackId]);
      log(`The waveform of track ${trackId} could not be made; its lane shows "No waveform".`, error);
    }
    queue.value = queue.peek().filter((id) => id !== trackId);
  }

  /** Queues these tracks' waveforms (each once; one that failed is not tried again). */
  function enqueue(trackIds: readonly string[]): void {
    const waiting = new Set(queue.peek());
    const added = trackIds.filter((id) => !waiting.has(id) && !made.has(id) && !failed.peek().has(id));
    if (added.length) queue.value = [...queue.peek(), ...new Set(added)];
  }

  return { queue: queue as ReadonlySignal<readonly string[]>, failed: failed as ReadonlySignal<ReadonlySet<string>>, enqueue, dispose: stop };
}

export type PeaksJobs = ReturnType<typeof createPeaksJobs>;
