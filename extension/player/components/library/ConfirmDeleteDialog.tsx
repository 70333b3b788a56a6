import type { ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { PendingDelete } from '../../../library/model';

interface Props {
  pending: ReadonlySignal<PendingDelete | null>;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal <dialog>: the browser traps focus, makes the page inert and closes it on Esc
 * (the 'close' event cancels). Focus starts on Cancel, so a stray Enter deletes nothing.
 */
export function ConfirmDeleteDialog({ pending, onConfirm, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const target = pending.value;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (target && !element.open) element.showModal();
    if (!target && element.open) element.close();
  }, [target]);

  const what = target?.kind === 'track' ? 'track' : 'song';
  return (
    <dialog ref={dialog} class="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text" onClose={() => pending.value && onCancel()}>
      <h2 id="confirm-title">Delete {what}?</h2>
      <p id="confirm-text">
        {target?.kind === 'track'
          ? `The track “${target.name}” and its audio will be removed from this song.`
          : `“${target?.name ?? ''}”, its tracks, audio and mix will be removed from this device.`}{' '}
        This cannot be undone.
      </p>
      <div class="confirm__actions">
        <button type="button" class="button" autofocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="button button--danger" onClick={onConfirm}>
          Delete {what}
        </button>
      </div>
    </dialog>
  );
}
