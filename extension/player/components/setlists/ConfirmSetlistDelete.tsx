import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { SetlistRecord } from '../../../library/schema';

interface Props {
  pending: ReadonlySignal<SetlistRecord | null>;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal <dialog> (focus trapped, Esc cancels); focus starts on Cancel so a stray Enter deletes nothing. */
export function ConfirmSetlistDelete({ pending, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const target = pending.value;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (target && !element.open) element.showModal();
    if (!target && element.open) element.close();
  }, [target]);
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="setlist-confirm-title" aria-describedby="setlist-confirm-text" onClose={() => pending.value && onCancel()}>
      <h2 id="setlist-confirm-title">Delete setlist?</h2>
      <p id="setlist-confirm-text">“{target?.name ?? ''}” will be removed. Its songs stay in the library.</p>
      <div class="confirm__actions">
        <button type="button" class="button" autofocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="button button--danger" onClick={onConfirm}>
          Delete setlist
        </button>
      </div>
    </dialog>
  );
}
