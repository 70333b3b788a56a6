import type { BackupModel } from '../model';
import { count } from '../../../shared/count';

/** What the chosen backup holds and what conflicts, before anything is written. */
export function BackupReview({ backup }: { backup: BackupModel }) {
  const review = backup.review.value;
  if (!review) return null;
  const { conflicts } = review;
  return (
    <div class="backup-review" role="group" aria-labelledby="backup-review-heading">
      <h3 id="backup-review-heading">
        “{review.fileName}”: {count(review.songs, 'song')}, {count(review.tracks, 'track')}
      </h3>
      <fieldset>
        <legend>How to import</legend>
        <label>
          <input type="radio" name="backup-mode" checked={backup.mode.value === 'merge'} onChange={() => (backup.mode.value = 'merge')} />
          Merge into this library
        </label>
        <label>
          <input type="radio" name="backup-mode" checked={backup.mode.value === 'replace'} onChange={() => (backup.mode.value = 'replace')} />
          Replace this library (everything here is removed first)
        </label>
      </fieldset>
      {conflicts.length > 0 && (
        <>
          <p>
            {conflicts.length} {conflicts.length === 1 ? 'song conflicts' : 'songs conflict'} with this library:
          </p>
          <ul class="backup-review__conflicts" aria-label="Conflicts">
            {conflicts.map((c) => (
              <li key={c.backupSongId}>
                {c.title}
                {c.artist ? ` · ${c.artist}` : ''}: {c.kind === 'same-id' ? 'same song, changed content' : 'same title and artist, a different song'}
              </li>
            ))}
          </ul>
          {backup.mode.value === 'merge' && (
            <fieldset>
              <legend>For conflicting songs</legend>
              <label>
                <input type="radio" name="backup-choice" checked={backup.choice.value === 'keep'} onChange={() => (backup.choice.value = 'keep')} />
                Keep this library's version
              </label>
              <label>
                <input type="radio" name="backup-choice" checked={backup.choice.value === 'backup'} onChange={() => (backup.choice.value = 'backup')} />
                Use the backup's version
              </label>
            </fieldset>
          )}
        </>
      )}
      <div class="library__bar">
        <button type="button" class="button button--primary" onClick={() => void backup.confirmImport()}>
          Import backup
        </button>
        <button type="button" class="button" onClick={backup.cancel}>
          Cancel import
        </button>
      </div>
    </div>
  );
}
