import { useEffect, useRef } from 'preact/hooks';
import type { SongRecord } from '../../library/store';
import type { SetlistModel } from '../model';

const facts = (song: SongRecord | null) => (song ? [song.key && `Key ${song.key}`, song.bpm && `${song.bpm} BPM`, song.timeSignature].filter(Boolean).join(' · ') : '');

interface Props {
  setlists: SetlistModel;
  /** Where to pick a setlist when none plays (the setlists view). */
  onStart: () => void;
}

/** The show: current and next song with key and BPM, and the setlist with the current entry; an entry plays from there. */
export function ShowView({ setlists, onStart }: Props) {
  const current = setlists.currentSong.value;
  const list = setlists.show.value;
  const entries = useRef<HTMLOListElement>(null);
  const currentIndex = setlists.currentIndex.value;
  useEffect(() => {
    // Keep the current entry in sight by scrolling the list only, never the stage under it.
    const box = entries.current;
    const item = box?.children[currentIndex] as HTMLElement | undefined;
    if (box && item) box.scrollTo({ top: item.offsetTop - box.offsetTop - box.clientHeight / 3 });
  }, [currentIndex, list?.id]);
  if (!list) {
    return (
      <section class="show show--idle" aria-label="Show">
        <p class="show__setlist">No setlist playing</p>
        <button type="button" class="button show__start" onClick={onStart}>
          Choose a setlist…
        </button>
      </section>
    );
  }
  const next = setlists.nextSong.value;
  const { cued, error } = setlists.guard;
  const songs = setlists.songById.value;
  return (
    <section class="show" aria-label="Show">
      <p class="show__setlist">{list.name}</p>
      <div class="show__now" aria-live="polite">
        <span class="show__label">Now</span>
        <strong class="show__title">{current?.title ?? '—'}</strong>
        <span class="show__facts">{facts(current)}</span>
      </div>
      <div class="show__next" aria-live="polite">
        <span class="show__label">Next</span>
        <strong class="show__title">{next?.title ?? 'End of setlist'}</strong>
        <span class="show__facts">{facts(next)}</span>
      </div>
      {(cued.value || error.value) && (
        <div class="show__cue">
          <p role="status">{cued.value && `Cued from the library: “${cued.value.title}” will play next.`}</p>
          {error.value && <p role="alert">{error.value}</p>}
          {cued.value && (
            <>
              <button type="button" class="button" onClick={() => void setlists.guard.playNow()}>
                Play now
              </button>
              <button type="button" class="button" onClick={() => void setlists.guard.withdraw()}>
                Take back
              </button>
            </>
          )}
        </div>
      )}
      <ol ref={entries} class="show__entries" aria-label={`Songs of ${list.name}`}>
        {list.entries.map((entry, i) => {
          const title = songs.get(entry.songId)?.title ?? 'Missing song';
          const here = i === currentIndex;
          return (
            <li key={`${entry.songId}-${i}`} class={`show__entry${here ? ' show__entry--current' : ''}${entry.skip ? ' show__entry--skipped' : ''}`}>
              <button
                type="button"
                class="show__jump"
                aria-current={here ? 'true' : undefined}
                aria-label={`Play from ${i + 1}. ${title}${entry.skip ? ' (skipped)' : ''}`}
                onClick={() => void setlists.playFrom(list.id, i, true)}
              >
                <span class="show__number">{i + 1}.</span> {title}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
