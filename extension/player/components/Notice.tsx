import type { ReadonlySignal } from '@preact/signals';
import './notice.css';

/** A feature's latest outcome, worded for the performer. */
interface NoticeMessage {
  tone: 'error' | 'success';
  text: string;
}

/** Errors interrupt a screen reader (alert); confirmations wait their turn (status). */
export function Notice({ notice }: { notice: ReadonlySignal<NoticeMessage | null> }) {
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
