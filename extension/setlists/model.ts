import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { messageOf } from '../messaging/errors';
import { liveQuery } from 'dexie';
import type { EngineStatus } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import type { SongRecord } from '../library/store';
import { withCues, type Cue } from './cues';
import { copyName, currentEntryIndex, moveEntry, nextAfter, playOrder, playOrderIndex, setEnd, setSkip } from './entries';
import { createShowGuard } from './show-guard';
import { addSetlist, allSetlists, deleteSetlist, renameSetlist, saveEntries, type EndBehaviour, type SetlistEntry, type SetlistRecord, type SetlistTables } from './store';

interface SetlistDeps {
  db: SetlistTables;
  engine: EngineClient;
  status: ReadonlySignal<EngineStatus | null>;
  songs: ReadonlySignal<SongRecord[]>;
  /** The plan's check before adding a setlist (account gates): null when allowed, else why not. */
  canAddSetlist: (currentCount: number) => string | null;
  /** The show guard's stage setting (stage-settings: lock.guardShow). */
  guardShow: ReadonlySignal<boolean>;
  /** Loads a song picked in the library when no show needs guarding. */
  loadSong: (songId: string, order: string[] | undefined) => Promise<unknown>;
}


/** Setlists: editing (kept in Dexie) and the show (the engine plays the setlist's order). */
export function createSetlistModel({ db, engine, status, songs, canAddSetlist, guardShow, loadSong }: SetlistDeps) {
  const setlists = signal<SetlistRecord[]>([]);
  const selectedId = signal<string | null>(null);
  /** The setlist the engine is playing from (its order goes to the engine on every edit). */
  const showId = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const pendingDelete = signal<SetlistRecord | null>(null);
  /** Songs cued from the library during this show (the show guard); a new show starts without. */
  const cues = signal<Cue[]>([]);

  const subscription = liveQuery(() => allSetlists(db)).subscribe({
    next: (list) => {
      setlists.value = list.sort((a, b) => a.name.localeCompare(b.name));
      if (!selectedId.value && list[0]) selectedId.value = list[0].id;
    },
    error: (error) => (notice.value = `Setlists could not be read: ${messageOf(error)}`),
  });

  const selected = computed(() => setlists.value.find((s) => s.id === selectedId.value) ?? null);
  const show = computed(() => setlists.value.find((s) => s.id === showId.value) ?? null);
  const songById = computed(() => new Map(songs.value.map((s) => [s.id, s])));
  const currentSongId = computed(() => status.value?.song?.id ?? null);
  const currentSong = computed(() => (currentSongId.value ? (songById.value.get(currentSongId.value) ?? null) : null));
  /** What the show plays: the setlist with the songs cued from the library in place. */
  const showEntries = computed(() => (show.value ? withCues(show.value.entries, cues.value) : []));
  /** The engine's position in the play order: a song twice in the setlist is told apart by it. */
  const queueIndex = computed(() => status.value?.queue.index ?? -1);
  /** The entry of the setlist playing now (-1: none), for the show view and the setlist editor. */
  const currentIndex = computed(() => (show.value ? currentEntryIndex(show.value.entries, currentSongId.value, queueIndex.value) : -1));
  const nextSong = computed(() => {
    const next = show.value ? nextAfter(showEntries.value, currentSongId.value, queueIndex.value) : null;
    return next ? (songById.value.get(next.songId) ?? null) : null;
  });

  /** The show's order to the engine; without `songId` a live reorder that interrupts nothing. */
  const sendShowOrder = (songId?: string, play?: boolean) =>
    engine.send('engine.setlist', { entries: playOrder(showEntries.value, currentSongId.value), songId, play });

  const guard = createShowGuard({ enabled: guardShow, status, showOn: computed(() => show.value !== null), songById, cues, sendShowOrder, load: loadSong });

  async function write(id: string, entries: SetlistEntry[]): Promise<void> {
    await saveEntries(db, id, entries);
    // Live reorder/skip: the engine gets the new order (cued songs kept) without interrupting the song.
    if (showId.value === id) await engine.send('engine.setlist', { entries: playOrder(withCues(entries, cues.value), currentSongId.value) });
  }

  async function edit(id: string, change: (entries: SetlistEntry[]) => SetlistEntry[]): Promise<void> {
    const list = setlists.value.find((s) => s.id === id);
    if (!list) return;
    try {
      await write(id, change(list.entries));
    } catch (error) {
      notice.value = `The setlist could not be saved: ${messageOf(error)}`;
    }
  }

  async function add(record: Omit<SetlistRecord, 'id' | 'createdAt' | 'updatedAt'>): Promise<string | null> {
    // The plan gate (Free: one setlist); existing setlists always stay usable.
    const refused = canAddSetlist(setlists.value.length);
    if (refused) {
      notice.value = refused;
      return null;
    }
    const now = Date.now();
    const id = crypto.randomUUID();
    await addSetlist(db, { ...record, id, createdAt: now, updatedAt: now });
    selectedId.value = id;
    notice.value = null;
    return id;
  }

  const create = (name: string) => add({ name: name.trim() || 'New setlist', entries: [] });
  const duplicate = (id: string) => {
    const list = setlists.value.find((s) => s.id === id);
    return list ? add({ name: copyName(list.name, setlists.value.map((s) => s.name)), entries: list.entries.map((e) => ({ ...e })) }) : Promise.resolve(null);
  };
  const rename = (id: string, name: string) => (name.trim() ? renameSetlist(db, id, name.trim()) : Promise.resolve(0));

  function requestDelete(id: string): void {
    pendingDelete.value = setlists.value.find((s) => s.id === id) ?? null;
  }
  async function confirmDelete(): Promise<void> {
    const list = pendingDelete.value;
    pendingDelete.value = null;
    if (!list) return;
    await deleteSetlist(db, list.id);
    if (selectedId.value === list.id) selectedId.value = null;
    if (showId.value === list.id) showId.value = null;
  }

  const addSong = (id: string, songId: string) => edit(id, (e) => [...e, { songId, end: 'stop', skip: false }]);
  const removeEntry = (id: string, index: number) => edit(id, (e) => e.filter((_, i) => i !== index));
  const move = (id: string, from: number, to: number) => edit(id, (e) => moveEntry(e, from, to));
  const setEntryEnd = (id: string, index: number, end: EndBehaviour) => edit(id, (e) => setEnd(e, index, end));
  const setEntrySkip = (id: string, index: number, skip: boolean) => edit(id, (e) => setSkip(e, index, skip));

  /** Starts the show at an entry (or the first one not skipped); the engine prepares the next song. */
  async function playFrom(id: string, index?: number, play = false): Promise<void> {
    const list = setlists.value.find((s) => s.id === id);
    if (!list) return;
    const at = index ?? list.entries.findIndex((e) => !e.skip);
    const entry = list.entries[at];
    if (!entry) return;
    showId.value = id;
    cues.value = [];
    try {
      await engine.send('engine.setlist', { entries: playOrder(list.entries, entry.songId), songId: entry.songId, index: playOrderIndex(list.entries, at), play });
    } catch (error) {
      notice.value = `The setlist could not start: ${messageOf(error)}`;
    }
  }

  const dispose = () => subscription.unsubscribe();

  return {
    setlists, selectedId, selected, showId, show, notice, pendingDelete, songById, currentSong, currentIndex, nextSong, guard,
    create, duplicate, rename, requestDelete, confirmDelete, addSong, removeEntry, move, setEntryEnd, setEntrySkip, playFrom, dispose,
  };
}

export type SetlistModel = ReturnType<typeof createSetlistModel>;
