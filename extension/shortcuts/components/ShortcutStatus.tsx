import type { ReadonlySignal } from '@preact/signals';
import type { Feedback } from '../model';
import './shortcuts.css';

/** Confirms each shortcut on stage (was the pedal press received?) and explains a locked press. */
export function ShortcutStatus({ feedback }: { feedback: ReadonlySignal<Feedback | null> }) {
  const f = feedback.value;
  return (
    <p class={`shortcut-status shortcut-status--${f?.tone ?? 'none'}`} role="status" aria-label="Last shortcut">
      {f?.text ?? ''}
    </p>
  );
}
