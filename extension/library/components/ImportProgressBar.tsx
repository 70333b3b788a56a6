import type { ReadonlySignal } from '@preact/signals';
import type { ImportProgress } from '../import/import-songs';
import { count } from '../../../shared/count';

export function ImportProgressBar({ progress }: { progress: ReadonlySignal<ImportProgress | null> }) {
  const p = progress.value;
  if (!p) return null;
  const label =
    p.phase === 'saving'
      ? `Saving ${count(p.fileCount, 'file')} to the library…`
      : p.fileCount
        ? `Checking file ${p.fileNumber} of ${p.fileCount}: ${p.fileName}`
        : 'Preparing import…';
  return (
    <div class="import-progress">
      <p id="import-progress-label">{label}</p>
      {/* No value while saving: the database gives no progress, so the bar is indeterminate. */}
      <progress aria-labelledby="import-progress-label" max={p.bytesTotal} value={p.phase === 'saving' ? undefined : p.bytesDone} />
    </div>
  );
}
