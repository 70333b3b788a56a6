import { computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { EngineStatus } from '../../shared/messages';
import type { SongRecord } from '../library/store';
import type { Cue } from './cues';

interface ShowGuardDeps {
  /** The stage setting (on by default). */
  enabled: ReadonlySignal<boolean>;
  status: ReadonlySignal<EngineStatus | null>;
  /** True while a setlist is the show. */
  showOn: ReadonlySignal<boolean>;
  songById: ReadonlySignal<ReadonlyMap<string, SongRecord>>;
  cues: Signal<Cue[]>;
  /** Sends the show's order (with the cues) to the engine; with `songId` that song is loaded now. */
  sendShowOrder: (songId?: string, play?: boolean) => Promise<unknown>;
  /** What a library pick does outside a show: load the song (the library's order follows it). */
  load: (songId: string, order: string[] | undefined) => Promise<unknown>;
}

/**
 * The show guard: while a setlist's song plays or is paused, a song picked in the library never
 * replaces it. It is cued to play next (a live reorder that interrupts nothing and keeps every
 * end setting); the performer can still play it at once, or take the cue back.
 */
export function createShowGuard({ enabled, status, showOn, songById, cues, sendShowOrder, load }: ShowGuardDeps) {
  /** The song last cued, until it plays, is played now or is taken back. */
  const cued = signal<SongRecord | null>(null);
  /** Why Play now or taking the cue back failed (the show view shows it). */
  const error = signal<string | null>(null);
  const currentId = computed(() => status.value?.song?.id ?? null);
  const guarding = computed(() => enabled.value && showOn.value && currentId.value !== null && (status.value?.state === 'playing' || status.value?.state === 'paused'));
  const titleOf = (songId: string) => songById.value.get(songId)?.title ?? 'The song';

  // Once the cued song plays, the notice has done its job.
  effect(() => {
    const playingId = currentId.value;
    if (cued.peek()?.id === playingId) cued.value = null;
  });

  async function setCues(next: Cue[]): Promise<void> {
    const before = cues.value;
    cues.value = next;
    try {
      await sendShowOrder();
    } catch (error) {
      cues.value = before;
      throw error;
    }
  }

  /** The library's pick; returns what to tell the performer when the song was cued instead of loaded. */
  async function pick(songId: string, order: string[] | undefined): Promise<string | undefined> {
    if (!guarding.value) {
      await load(songId, order);
      return undefined;
    }
    const current = currentId.value!;
    if (songId === current) return `“${titleOf(songId)}” is playing now.`;
    await setCues([...cues.value, { songId, after: current }]);
    cued.value = songById.value.get(songId) ?? null;
    return `“${titleOf(songId)}” will play next. The current song goes on.`;
  }

  async function onCued(work: (song: SongRecord) => Promise<unknown>): Promise<void> {
    const song = cued.value;
    if (!song) return;
    try {
      await work(song);
      cued.value = null;
      error.value = null;
    } catch (failure) {
      error.value = `“${song.title}” could not be changed: ${failure instanceof Error ? failure.message : String(failure)}`;
    }
  }

  /** The performer's explicit choice: the cued song replaces the current one now, in the show. */
  const playNow = () => onCued((song) => sendShowOrder(song.id, true));

  /** Takes the last cue back: the show's order is as it was. */
  const withdraw = () =>
    onCued((song) => {
      const at = cues.value.findLastIndex((c) => c.songId === song.id);
      return setCues(cues.value.filter((_, i) => i !== at));
    });

  return { cued, error, guarding, pick, playNow, withdraw };
}

export type ShowGuard = ReturnType<typeof createShowGuard>;
