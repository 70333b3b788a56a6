import type { ReadonlySignal } from '@preact/signals';
import { ConfirmDialog } from '../../player/components/ConfirmDialog';
import type { SetlistRecord } from '../store';

interface Props {
  pending: ReadonlySignal<SetlistRecord | null>;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a setlist is deleted (its songs stay in the library). */
export function ConfirmSetlistDelete({ pending, onConfirm, onCancel }: Props) {
  const target = pending.value;
  return (
    <ConfirmDialog open={!!target} id="setlist-confirm" title="Delete setlist?" confirmLabel="Delete setlist" onConfirm={onConfirm} onCancel={onCancel}>
      “{target?.name ?? ''}” will be removed. Its songs stay in the library.
    </ConfirmDialog>
  );
}
