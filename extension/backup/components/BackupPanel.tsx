import { useRef } from 'preact/hooks';
import { Notice } from '../../player/components/Notice';
import type { BackupModel } from '../model';
import { BackupReview } from './BackupReview';

/** Library backup: export to one zip (Premium), import one with merge or replace. */
export function BackupPanel({ backup }: { backup: BackupModel }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const p = backup.progress.value;
  const busy = p !== null;
  return (
    <section class="backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backup</h2>
      <div class="library__bar">
        <button type="button" class="button button--primary" disabled={busy} onClick={() => void backup.exportBackup()}>
          Export library backup
        </button>
        <button type="button" class="button" disabled={busy} onClick={() => fileInput.current?.click()}>
          Import library backup…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-import="backup"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void backup.chooseFile(file);
          }}
        />
      </div>
      {p && (
        <div class="backup__progress">
          <p id="backup-progress-label">{p.label}…</p>
          <progress aria-labelledby="backup-progress-label" max={p.total} value={p.done} />
          <button type="button" class="button" onClick={backup.cancel}>
            Cancel
          </button>
        </div>
      )}
      <Notice notice={backup.notice} />
      <BackupReview backup={backup} />
    </section>
  );
}
