import type { ReadonlySignal } from '@preact/signals';
import type { PlayRecord } from '../../account/store';
import { formatTime } from '../../player/components/transport/time';
import { describePlays } from '../plays';
import type { SongRecord } from '../store';

/** Rendering stays instant on a big library; search narrows the rest. */
const SHOWN_AT_MOST = 100;

interface Props {
  songs: ReadonlySignal<readonly SongRecord[]>;
  selectedId: ReadonlySignal<string | null>;
  onSelect: (songId: string) => void;
  /** The practice log by song id (count, minutes, last played). */
  plays?: ReadonlySignal<ReadonlyMap<string, PlayRecord>>;
}

export function SongList({ songs, selectedId, onSelect, plays }: Props) {
  const all = songs.value;
  if (all.length === 0) return <p class="song-list__empty">No songs match.</p>;
  return (
    <>
      <ul class="song-list" aria-label="Songs">
        {all.slice(0, SHOWN_AT_MOST).map((song) => (
          <li key={song.id}>
            <button type="button" class="song-list__item" aria-pressed={song.id === selectedId.value} onClick={() => onSelect(song.id)}>
              <span class="song-list__title">{song.title}</span>
              <span class="song-list__meta">
                {[song.artist, song.key, song.bpm ? `${song.bpm} BPM` : '', formatTime(song.durationSec)].filter(Boolean).join(' · ')}
              </span>
              {plays && describePlays(plays.value.get(song.id)) && <span class="song-list__plays">{describePlays(plays.value.get(song.id))}</span>}
            </button>
          </li>
        ))}
      </ul>
      {all.length > SHOWN_AT_MOST && (
        <p class="song-list__more">
          Showing the first {SHOWN_AT_MOST} of {all.length}. Type in the search box to narrow the list.
        </p>
      )}
    </>
  );
}
