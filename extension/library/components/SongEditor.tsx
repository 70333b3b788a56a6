import type { ReadonlySignal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { formatTime } from '../../player/components/transport/time';
import type { LibraryModel } from '../model';
import { detailsOfForm, formOfSong, type SongForm } from '../song-form';
import type { SongRecord, TrackRecord } from '../store';
import { TrackList } from './TrackList';

interface Props {
  song: SongRecord;
  tracks: ReadonlySignal<TrackRecord[]>;
  library: LibraryModel;
}

const FIELDS: { name: keyof SongForm; label: string; wide?: boolean; hint?: string }[] = [
  { name: 'title', label: 'Title', wide: true },
  { name: 'artist', label: 'Artist', wide: true },
  { name: 'key', label: 'Key', hint: 'e.g. G or F#m' },
  { name: 'bpm', label: 'BPM' },
  { name: 'timeSignature', label: 'Time signature', hint: 'e.g. 4/4' },
  { name: 'tags', label: 'Tags', wide: true, hint: 'separated by commas' },
];

/** Keyed by song id by its parent, so switching songs starts a fresh draft. */
export function SongEditor({ song, tracks, library }: Props) {
  const [form, setForm] = useState(() => formOfSong(song));
  const [problem, setProblem] = useState('');
  const set = (name: keyof SongForm) => (event: Event) => setForm({ ...form, [name]: (event.currentTarget as HTMLInputElement).value });

  const submit = (event: Event) => {
    event.preventDefault();
    const details = detailsOfForm(form);
    setProblem(typeof details === 'string' ? details : '');
    if (typeof details !== 'string') void library.saveSong(song.id, details);
  };

  return (
    <section class="song-editor" aria-labelledby="song-editor-heading">
      <h3 id="song-editor-heading">
        {song.title} <span class="song-editor__duration">{formatTime(song.durationSec)}</span>
      </h3>
      <form class="song-editor__form" onSubmit={submit}>
        {FIELDS.map(({ name, label, wide, hint }) => (
          <label key={name} class={`field ${wide ? 'field--wide' : ''}`}>
            <span class="field__label">
              {label} {hint && <span class="field__hint">({hint})</span>}
            </span>
            <input name={name} value={form[name]} onInput={set(name)} inputMode={name === 'bpm' ? 'decimal' : undefined} />
          </label>
        ))}
        <label class="field field--wide">
          <span class="field__label">Notes</span>
          <textarea name="notes" rows={3} value={form.notes} onInput={set('notes')} />
        </label>
        <div class="song-editor__actions">
          <button type="submit" class="button button--primary">
            Save song details
          </button>
          <button type="button" class="button button--danger" onClick={() => library.requestDelete({ kind: 'song', id: song.id, name: song.title })}>
            Delete song
          </button>
          <p class="field__problem" role="alert">
            {problem}
          </p>
        </div>
      </form>
      <TrackList tracks={tracks} library={library} />
    </section>
  );
}
