import { effect, type ReadonlySignal } from '@preact/signals';
import type { Dexie } from 'dexie';
import type { EngineStatus, SongView } from '../../shared/messages';
import { addToPlays, type PlaysTables } from './store';

/** A play counts once a song has sounded this long: shorter is a skip, not a practice. */
const PLAY_THRESHOLD_MS = 30_000;
const TICK_MS = 1000;

interface Listening {
  song: SongView;
  playedMs: number;
  /** ms of playedMs already written as minutes. */
  writtenMs: number;
  counted: boolean;
  /** When playing: the last time playedMs was brought up to date. */
  since: number | null;
}

/**
 * Records the practice log from the engine's status: one play per listen longer than 30 s,
 * plus the minutes played, as running totals per song in the library's plays store.
 */
export function createPracticeLog({ db, status, now = Date.now }: { db: Pick<Dexie, 'transaction'> & PlaysTables; status: ReadonlySignal<EngineStatus | null>; now?: () => number }) {
  let current: Listening | null = null;
  let writes: Promise<void> = Promise.resolve();

  function advance(): void {
    if (!current || current.since === null) return;
    const at = now();
    current.playedMs += at - current.since;
    current.since = at;
    if (!current.counted && current.playedMs > PLAY_THRESHOLD_MS) {
      current.counted = true;
      write(current, true);
    }
  }

  function finish(): void {
    advance();
    if (current?.counted && current.playedMs > current.writtenMs) write(current, false);
    current = null;
  }

  function write(listening: Listening, newPlay: boolean): void {
    const minutes = (listening.playedMs - listening.writtenMs) / 60_000;
    listening.writtenMs = listening.playedMs;
    const { song } = listening;
    const at = now();
    // Chained so totals never race each other.
    writes = writes.then(() => addToPlays(db, song, { minutes, newPlay, at }).catch((error: unknown) => console.error('practice log not saved', error)));
  }

  const stop = effect(() => {
    const s = status.value;
    const playing = s?.state === 'playing';
    if (!s?.song || s.song.id !== current?.song.id || s.state === 'stopped' || s.state === 'idle') {
      finish();
      if (s?.song) current = { song: s.song, playedMs: 0, writtenMs: 0, counted: false, since: playing ? now() : null };
      return;
    }
    advance();
    current.since = playing ? now() : null;
  });
  const ticker = setInterval(advance, TICK_MS);

  return {
    /** Resolves when every recorded total is in the database. */
    flushed: () => writes,
    dispose(): void {
      finish();
      stop();
      clearInterval(ticker);
    },
  };
}
