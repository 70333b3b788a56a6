import { useRef, useState } from 'preact/hooks';
import type { SetlistModel } from '../model';
import { ConfirmSetlistDelete } from './ConfirmSetlistDelete';
import { SetlistEntries } from './SetlistEntries';
import './setlists.css';
import { StoredInput } from '../../player/components/StoredInput';

/** Setlists: pick, create, rename, duplicate, delete, add songs and order them. */
export function SetlistPanel({ setlists }: { setlists: SetlistModel }) {
  const [name, setName] = useState('');
  const nameField = useRef<HTMLInputElement>(null);
  const list = setlists.selected.value;
  const songs = [...setlists.songById.value.values()].sort((a, b) => a.title.localeCompare(b.title));
  return (
    <section class="setlist" aria-label="Setlists">
      <h2>Setlists</h2>
      <form
        class="setlist__create"
        onSubmit={(e) => {
          e.preventDefault();
          void setlists.create(name).then((id) => id && setName(''));
        }}
      >
        <input ref={nameField} aria-label="New setlist name" placeholder="New setlist" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="button">
          Create setlist
        </button>
      </form>
      {setlists.notice.value && (
        <p class="setlist__notice" role="alert">
          {setlists.notice.value}
        </p>
      )}
      {setlists.setlists.value.length ? (
        <label class="setlist__picker">
          Setlist{' '}
          <select aria-label="Setlist" value={list?.id ?? ''} onChange={(e) => (setlists.selectedId.value = e.currentTarget.value)}>
            {setlists.setlists.value.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p class="setlist__empty">
          No setlists yet: type a name above, or
          <button
            type="button"
            class="button"
            onClick={() => void setlists.create(name).then((id) => (id ? setName('') : nameField.current?.focus()))}
          >
            Create a setlist
          </button>
        </p>
      )}
      {list && (
        <div class="setlist__editor">
          <StoredInput aria-label="Setlist name" value={list.name} onCommit={(text) => setlists.rename(list.id, text).then((renamed) => renamed > 0)} />
          <button type="button" class="button" onClick={() => void setlists.duplicate(list.id)}>
            Duplicate
          </button>
          <button type="button" class="button button--danger" onClick={() => setlists.requestDelete(list.id)}>
            Delete
          </button>
          <button type="button" class="button" onClick={() => void setlists.playFrom(list.id)}>
            Start show
          </button>
          <label>
            Add song{' '}
            <select aria-label="Add song" value="" onChange={(e) => e.currentTarget.value && void setlists.addSong(list.id, e.currentTarget.value)}>
              <option value="">Choose…</option>
              {songs.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          <SetlistEntries setlists={setlists} list={list} />
        </div>
      )}
      <ConfirmSetlistDelete pending={setlists.pendingDelete} onConfirm={() => void setlists.confirmDelete()} onCancel={() => (setlists.pendingDelete.value = null)} />
    </section>
  );
}
