import type { ReadonlySignal } from '@preact/signals';
import type { EngineAction } from '../../../../shared/messages';
import type { TransportModel } from '../../../transport/model';
import type { EngineModel } from '../../engine-model';
import { SeekBar } from './SeekBar';
import { TransportIcon } from './TransportIcon';
import './transport.css';

type ButtonAction = 'previous' | 'play-pause' | 'stop' | 'next' | 'panic';

const LABELS: Record<EngineAction, string> = {
  'play-pause': 'Play/Pause',
  play: 'Play',
  pause: 'Pause',
  stop: 'Stop',
  next: 'Next song',
  previous: 'Previous song',
  panic: 'Panic stop',
};

const BUTTONS: readonly ButtonAction[] = ['previous', 'play-pause', 'stop', 'next', 'panic'];

interface Props {
  live: EngineModel;
  transport: TransportModel;
  /** Title and artist from the library, so a rename shows while the song is loaded. */
  nowPlaying: ReadonlySignal<{ title: string; artist: string } | null>;
}

/** The stage transport: what is loaded, the big buttons, and the seek bar. */
export function Transport({ live, transport, nowPlaying }: Props) {
  const song = nowPlaying.value;
  const state = live.status.value?.state ?? 'idle';
  const ack = transport.lastAck.value;
  const error = transport.error.value;
  return (
    <section class="transport" aria-label="Transport">
      <p class="transport__song" aria-live="polite">
        {song ? (
          <>
            <strong>{song.title}</strong>
            {song.artist && <span> · {song.artist}</span>}
            <span class={`transport__state transport__state--${state}`}> · {state}</span>
          </>
        ) : (
          'No song loaded'
        )}
      </p>
      <div class="transport__buttons">
        {BUTTONS.map((action) => (
          <button
            key={action}
            type="button"
            class={`transport__button transport__button--${action}`}
            aria-pressed={action === 'play-pause' ? state === 'playing' : undefined}
            onClick={() => void transport.run(action, 'button')}
          >
            <TransportIcon action={action} />
            {LABELS[action]}
          </button>
        ))}
      </div>
      <SeekBar position={live.position} duration={live.duration} disabled={!song} onSeek={(s) => void live.seek(s)} />
      <p class="transport__ack" aria-live="polite">
        {error ?? (ack ? `${LABELS[ack.action]} received · engine ${ack.state}` : '')}
      </p>
    </section>
  );
}
