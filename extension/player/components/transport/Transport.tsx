import type { ReadonlySignal } from '@preact/signals';
import type { EngineAction } from '../../../../shared/messages';
import type { TransportModel } from '../../../transport/model';
import type { EngineModel } from '../../engine-model';
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

/** What is loaded, in stage type: title, artist, the engine's state and the section under the play head. */
interface NowPlayingProps {
  live: EngineModel;
  nowPlaying: ReadonlySignal<{ title: string; artist: string } | null>;
  /** A computed name, so this re-renders when the section changes, not on every position tick. */
  section: ReadonlySignal<string | null>;
}

export function NowPlaying({ live, nowPlaying, section }: NowPlayingProps) {
  const song = nowPlaying.value;
  const state = live.status.value?.state ?? 'idle';
  return (
    <div class="now">
      <p class="transport__song" aria-live="polite">
        {song ? (
          <>
            <strong class="now__title">{song.title}</strong>
            <span class="now__meta">
              {song.artist && <span> · {song.artist}</span>}
              <span class={`transport__state transport__state--${state}`}> · {state}</span>
            </span>
          </>
        ) : (
          'No song loaded'
        )}
      </p>
      {song && <p class="now__section" aria-label="Section">{section.value ?? 'No section marker yet'}</p>}
    </div>
  );
}

/** The big buttons, and the last command's acknowledgement or error. */
export function TransportButtons({ live, transport }: { live: EngineModel; transport: TransportModel }) {
  const state = live.status.value?.state ?? 'idle';
  const ack = transport.lastAck.value;
  const error = transport.error.value;
  return (
    <section class="transport" aria-label="Transport">
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
      <p class="transport__ack" aria-live="polite">
        {error ?? (ack ? `${LABELS[ack.action]} received · engine ${ack.state}` : '')}
      </p>
    </section>
  );
}
