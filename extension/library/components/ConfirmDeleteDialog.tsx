import type { ReadonlySignal } from '@preact/signals';
import { ConfirmDialog } from '../../player/components/ConfirmDialog';
import type { PendingDelete } from '../model';

interface Props {
  pending: ReadonlySignal<PendingDelete | null>;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before a song or track (and its audio) is deleted. */
export function ConfirmDeleteDialog({ pending, onConfirm, onCancel }: Props) {
  const target = pending.value;
  const what = target?.kind === 'track' ? 'track' : 'song';
  return (
    <ConfirmDialog open={!!target} id="confirm" title={`Delete ${what}?`} confirmLabel={`Delete ${what}`} onConfirm={onConfirm} onCancel={onCancel}>
      {target?.kind === 'track'
        ? `The track “${target.name}” and its audio will be removed from this song.`
        : `“${target?.name ?? ''}”, its tracks, audio and mix will be removed from this device.`}{' '}
      This cannot be undone.
    </ConfirmDialog>
  );
}
