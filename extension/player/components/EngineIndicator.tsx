import type { ReadonlySignal } from '@preact/signals';
import type { EngineTone } from '../model';

interface Props {
  label: ReadonlySignal<string>;
  tone: ReadonlySignal<EngineTone>;
}

/** A live region, so a screen reader announces when the engine becomes ready or fails. */
export function EngineIndicator({ label, tone }: Props) {
  return (
    <p class={`engine engine--${tone.value}`} role="status" title={label.value}>
      <span class="engine__dot" aria-hidden="true" />
      {label}
    </p>
  );
}
