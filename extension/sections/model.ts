import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { runWithNotice } from '../player/run-with-notice';
import { messageOf } from '../messaging/errors';
import { liveQuery, type Subscription } from 'dexie';
import type { EngineStatus } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { sectionOf, sortMarkers, suggestName } from './markers';
import { parseMarkerTempo } from './tempo-fields';
import { insertMarker, removeMarker, saveSongShow, sectionsOf, updateMarker, updateMarkerTempo, type MarkerRecord, type SectionsTables, type SongShowRecord } from './store';

interface SectionsDeps {
  db: SectionsTables;
  engine: EngineClient;
  status: ReadonlySignal<EngineStatus | null>;
  position: ReadonlySignal<number>;
  /** Tells the engine the song's markers changed (its tempo changes, the bar grid and click follow them). */
  songEdited?: (songId: string) => void;
}

const DEFAULT_SHOW = { countInBars: 0, countInGainDb: -6 };

/** The current song's markers, sections, loop and count-in settings. */
export function createSectionsModel({ db, engine, status, position, songEdited }: SectionsDeps) {
  const songId = computed(() => status.value?.song?.id ?? null);
  const duration = computed(() => status.value?.song?.durationSec ?? 0);
  const markers = signal<MarkerRecord[]>([]);
  const show = signal<Omit<SongShowRecord, 'songId'>>(DEFAULT_SHOW);
  const loop = computed(() => status.value?.loop ?? null);
  const notice = signal<string | null>(null);

  let subscription: Subscription | null = null;
  const stop = effect(() => {
    const id = songId.value;
    subscription?.unsubscribe();
    markers.value = [];
    show.value = DEFAULT_SHOW;
    if (!id) return;
    subscription = liveQuery(() => sectionsOf(db, id)).subscribe({
      next: (found) => {
        markers.value = sortMarkers(found.markers);
        show.value = { countInBars: found.show?.countInBars ?? 0, countInGainDb: found.show?.countInGainDb ?? -6 };
      },
      error: (error) => (notice.value = `Markers could not be read: ${messageOf(error)}`),
    });
  });

  /** False when the work failed (the notice says why). */
  const run = (work: () => Promise<unknown>): Promise<boolean> => runWithNotice(notice, work);
  /** A marker change: saved, then the engine's copy of the song re-reads its tempo changes. */
  const edit = (work: () => Promise<unknown>): Promise<boolean> =>
    run(async () => {
      await work();
      const id = songId.value;
      if (id) songEdited?.(id);
    });

  /** Stamps the play head (key M while listening). A new marker has no tempo, so the engine is not told (no read mid-show). */
  const addMarker = (name?: string) =>
    run(async () => {
      const id = songId.value;
      if (!id) throw new Error('No song is loaded');
      const time = Math.round(position.value * 1000) / 1000;
      await insertMarker(db, { id: crypto.randomUUID(), songId: id, name: name ?? suggestName(markers.value, time), time });
    });
  const renameMarker = (id: string, name: string) => run(() => updateMarker(db, id, { name: name.trim() || 'Section' }));
  const moveMarker = (id: string, time: number) => edit(() => updateMarker(db, id, { time: Math.max(0, Math.min(duration.value, time)) }));
  const deleteMarker = (id: string) => edit(() => removeMarker(db, id));
  /**
   * A tempo and/or time signature from this marker on (empty fields: the ones before go on).
   * Bad input saves nothing and says why; false then, so the fields can show the stored values again.
   * The engine's loaded copy of the song takes the new tempo map (see 'engine.songEdited').
   */
  const setMarkerTempo = async (id: string, bpmText: string, signatureText: string): Promise<boolean> => {
    const tempo = parseMarkerTempo(bpmText, signatureText);
    if (typeof tempo === 'string') {
      notice.value = tempo;
      return false;
    }
    return edit(() => updateMarkerTempo(db, id, tempo));
  };

  const jumpTo = (marker: MarkerRecord, when: 'now' | 'bar') => run(() => engine.send('engine.jump', { seconds: marker.time, when }));

  /** Vamps the marker's section (to the next marker) until released. */
  const loopSection = (marker: MarkerRecord) =>
    run(async () => {
      const section = sectionOf(markers.value, marker.id, duration.value);
      if (!section) throw new Error(`“${marker.name}” has no length to loop`);
      await engine.send('engine.loop', section);
    });
  const releaseLoop = () => run(() => engine.send('engine.loop', null));

  /** Key L: loops the section under the play head, or releases the loop. */
  async function toggleLoop(): Promise<void> {
    if (loop.value) return void (await releaseLoop());
    const here = markers.value.filter((m) => m.time <= position.value).at(-1);
    if (!here) return void (notice.value = 'Add a marker first: a loop runs from a marker to the next one.');
    await loopSection(here);
  }

  const setCountIn = (patch: Partial<Omit<SongShowRecord, 'songId'>>) =>
    run(async () => {
      const id = songId.value;
      if (!id) throw new Error('No song is loaded');
      const next = { ...show.value, ...patch };
      next.countInBars = Math.max(0, Math.min(8, Math.round(next.countInBars)));
      show.value = next;
      await saveSongShow(db, { songId: id, ...next });
      await engine.send('engine.countIn', { songId: id, ...next });
    });

  function dispose(): void {
    stop();
    subscription?.unsubscribe();
  }

  return { songId, duration, markers, show, loop, notice, addMarker, renameMarker, moveMarker, deleteMarker, setMarkerTempo, jumpTo, loopSection, releaseLoop, toggleLoop, setCountIn, dispose };
}

export type SectionsModel = ReturnType<typeof createSectionsModel>;
