import type { ReadonlySignal, Signal } from '@preact/signals';
import type { SongRecord } from '../store';

interface Props {
  query: Signal<string>;
  shown: ReadonlySignal<readonly SongRecord[]>;
  total: ReadonlySignal<readonly SongRecord[]>;
}

export function SearchBox({ query, shown, total }: Props) {
  const songs = total.value.length === 1 ? 'song' : 'songs';
  const count = query.value.trim() ? `${shown.value.length} of ${total.value.length} ${songs}` : `${total.value.length} ${songs}`;
  return (
    <div class="search">
      <input
        type="search"
        class="search__input"
        aria-label="Search songs by title, artist or tag"
        placeholder="Search title, artist or tag"
        value={query.value}
        onInput={(event) => (query.value = event.currentTarget.value)}
      />
      <p class="search__count">{count}</p>
    </div>
  );
}
