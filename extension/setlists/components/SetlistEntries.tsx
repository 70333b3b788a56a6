import { useState } from 'preact/hooks';
import type { SetlistModel } from '../model';
import type { EndBehaviour, SetlistRecord } from '../store';

const ENDS: Record<EndBehaviour, string> = { stop: 'Stop', continue: 'Continue', segue: 'Segue' };

interface Props {
  setlists: SetlistModel;
  list: SetlistRecord;
}

/** The entries: drag to reorder, or Alt+Up/Down on a focused entry; end behaviour and skip per entry. */
export function SetlistEntries({ setlists, list }: Props) {
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const songs = setlists.songById.value;
  const playing = setlists.showId.value === list.id ? setlists.currentIndex.value : -1;
  const onKeyDown = (index: number) => (event: KeyboardEvent) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    event.preventDefault();
    const to = index + (event.key === 'ArrowUp' ? -1 : 1);
    void setlists.move(list.id, index, to).then(() => {
      // Keep the focus on the moved entry.
      document.querySelector<HTMLElement>(`[data-entry-index="${Math.max(0, Math.min(list.entries.length - 1, to))}"]`)?.focus();
    });
  };
  return (
    <ol class="setlist__entries" aria-label={`Songs of ${list.name}`}>
      {list.entries.map((entry, index) => {
        const song = songs.get(entry.songId);
        const title = song?.title ?? 'Missing song';
        return (
          <li
            key={`${entry.songId}-${index}`}
            class={`setlist__entry${entry.skip ? ' setlist__entry--skipped' : ''}${index === playing ? ' setlist__entry--current' : ''}`}
            tabIndex={0}
            data-entry-index={index}
            aria-label={`${index + 1}. ${title}${entry.skip ? ', skipped' : ''}. Alt+Up or Alt+Down moves it.`}
            draggable
            onDragStart={() => setDragFrom(index)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              if (dragFrom !== null) void setlists.move(list.id, dragFrom, index);
              setDragFrom(null);
            }}
            onKeyDown={onKeyDown(index)}
          >
            <span class="setlist__title">{title}</span>
            <span class="setlist__meta">{[song?.key, song?.bpm ? `${song.bpm} BPM` : ''].filter(Boolean).join(' · ')}</span>
            <label>
              At end{' '}
              <select value={entry.end} onChange={(e) => void setlists.setEntryEnd(list.id, index, e.currentTarget.value as EndBehaviour)}>
                {Object.entries(ENDS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={entry.skip} onChange={(e) => void setlists.setEntrySkip(list.id, index, e.currentTarget.checked)} /> Skip
            </label>
            <button type="button" class="button" onClick={() => void setlists.playFrom(list.id, index, true)}>
              Play from here
            </button>
            <button type="button" class="button" aria-label={`Remove ${title}`} onClick={() => void setlists.removeEntry(list.id, index)}>
              Remove
            </button>
          </li>
        );
      })}
    </ol>
  );
}
