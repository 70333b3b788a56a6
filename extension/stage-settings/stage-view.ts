import { computed, type ReadonlySignal } from '@preact/signals';
import type { EngineStatus } from '../../shared/messages';
import type { SongRecord } from '../library/store';

/**
 * The next song's title in the engine's play order. The engine reports only its queue position,
 * so this uses the library order it was given; a setlist's own order takes over when one plays.
 */
export function nextSongTitle(status: ReadonlySignal<EngineStatus | null>, songs: ReadonlySignal<readonly SongRecord[]>): ReadonlySignal<string | null> {
  return computed(() => {
    const s = status.value;
    if (!s?.song) return null;
    const list = songs.value;
    const at = list.findIndex((song) => song.id === s.song!.id);
    return at >= 0 ? (list[at + 1]?.title ?? null) : null;
  });
}
