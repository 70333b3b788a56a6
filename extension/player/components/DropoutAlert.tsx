import type { ReadonlySignal } from '@preact/signals';
import './notice.css';

/** A dropout is never silent: the latest one of the current song stays on screen until the song changes. */
export function DropoutAlert({ summary }: { summary: ReadonlySignal<{ text: string; count: number } | null> }) {
  const s = summary.value;
  return (
    <p class="notice notice--error dropout-alert" role="alert" data-dropouts={s?.count ?? 0} title={s?.text}>
      {s?.text ?? ''}
    </p>
  );
}
