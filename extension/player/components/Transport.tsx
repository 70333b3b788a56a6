import type { ReadonlySignal } from '@preact/signals';
import type { TransportAck, TransportAction } from '../../../shared/messages';
import { TransportIcon } from './TransportIcon';

const LABELS: Record<TransportAction, string> = {
  'play-pause': 'Play/Pause',
  stop: 'Stop',
  next: 'Next song',
  previous: 'Previous song',
};

/** Next/Previous only mean something once there is a setlist; their shortcuts already exist. */
const BUTTONS: readonly TransportAction[] = ['play-pause', 'stop'];

interface Props {
  lastAck: ReadonlySignal<TransportAck | null>;
  onAction: (action: TransportAction) => void;
}

/** Placeholder transport: the engine acknowledges commands until songs can be loaded. */
export function Transport({ lastAck, onAction }: Props) {
  const ack = lastAck.value;
  return (
    <section class="transport" aria-label="Transport">
      {BUTTONS.map((action) => (
        <button
          key={action}
          type="button"
          class={`transport__button transport__button--${action}`}
          onClick={() => onAction(action)}
        >
          <TransportIcon action={action} />
          {LABELS[action]}
        </button>
      ))}
      <p class="transport__ack" aria-live="polite">
        {ack ? `${LABELS[ack.action]} received · engine ${ack.state}` : ''}
      </p>
    </section>
  );
}
