import type { SongRecord } from '../../library/store';
import type { SetlistModel } from '../model';

const facts = (song: SongRecord | null) => (song ? [song.key && `Key ${song.key}`, song.bpm && `${song.bpm} BPM`, song.timeSignature].filter(Boolean).join(' · ') : '');

/** The show: current and next song, big, with key and BPM; jump to any entry of the setlist. */
export function ShowView({ setlists, onAction }: { setlists: SetlistModel; onAction: (action: 'previous' | 'next') => void }) {
  const list = setlists.show.value;
  if (!list) return null;
  const current = setlists.currentSong.value;
  const next = setlists.nextSong.value;
  const { cued, error } = setlists.guard;
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
      <div class="show__buttons">
        <button type="button" class="button" onClick={() => onAction('previous')}>Previous song</button>
        <button type="button" class="button" onClick={() => onAction('next')}>Next song</button>
        <label>
          Jump to{' '}
          <select aria-label="Jump to song" value="" onChange={(e) => e.currentTarget.value && void setlists.playFrom(list.id, Number(e.currentTarget.value), true)}>
            <option value="">Choose…</option>
            {list.entries.map((entry, i) => (
              <option key={`${entry.songId}-${i}`} value={i}>
                {i + 1}. {setlists.songById.value.get(entry.songId)?.title ?? 'Missing song'}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
