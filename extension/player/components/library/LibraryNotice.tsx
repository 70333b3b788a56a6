import type { ReadonlySignal } from '@preact/signals';
import type { Notice } from '../../../library/model';

/** Errors interrupt a screen reader (alert); confirmations wait their turn (status). */
export function LibraryNotice({ notice }: { notice: ReadonlySignal<Notice | null> }) {
  const n = notice.value;
  return (
    <>
      <p class="notice notice--error" role="alert">
        {n?.tone === 'error' ? n.text : ''}
      </p>
      <p class="notice notice--success" role="status">
        {n?.tone === 'success' ? n.text : ''}
      </p>
    </>
  );
}
