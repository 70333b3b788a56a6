import type { EngineAction } from '../../../../shared/messages';

type IconAction = Exclude<EngineAction, 'play' | 'pause'>;

// Inline SVG rather than ⏯/⏹ characters, which many systems' fonts render as empty boxes.
const PATHS: Record<IconAction, string> = {
  'play-pause': 'M2 3l9 7-9 7zM13 3h2.5v14H13zM17.5 3H20v14h-2.5z',
  stop: 'M4 4h12v12H4z',
  next: 'M3 3l9 7-9 7zM14 3h3v14h-3z',
  previous: 'M17 3l-9 7 9 7zM3 3h3v14H3z',
  panic: 'M10 1l9 16H1zM9 7h2v5H9zM9 13.5h2v2H9z',
};

export function TransportIcon({ action }: { action: IconAction }) {
  return (
    <svg class="transport__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d={PATHS[action]} fill="currentColor" fill-rule="evenodd" />
    </svg>
  );
}
