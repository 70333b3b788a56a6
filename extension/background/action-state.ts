import type { ActionIndicator, ActionState, EngineStatus } from '../../shared/messages';
import { dropoutSummary } from '../player/dropouts';

/**
 * What the toolbar icon shows, from the engine's status. Pure (no chrome.* calls): the offscreen
 * document, which has the status, derives it and sends only changes; the background draws it.
 * The PNGs are made from extension/icons/*.svg by `npm run icons`.
 */

/** The extension's icons (manifest `icons`); 128 px is the store's. */
export const APP_ICONS = { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png', 128: 'icons/128.png' } as const;

/** Toolbar icons per engine state, at 1x and 2x. Idle is the plain mark. */
export const ACTION_ICONS: Record<ActionState, { 16: string; 32: string }> = {
  idle: { 16: APP_ICONS[16], 32: APP_ICONS[32] },
  playing: { 16: 'icons/playing-16.png', 32: 'icons/playing-32.png' },
  problem: { 16: 'icons/problem-16.png', 32: 'icons/problem-32.png' },
};

/** The manifest's action title, shown when nothing plays. */
export const IDLE_TITLE = 'Open StageTracker Pro';

/** Chrome shows long titles in full over the toolbar; keep them to a tooltip's length. */
const TITLE_MAX = 160;

/**
 * A problem (the engine's last error, or a dropout or decode error in the current song) wins over
 * playing: the performer should see it even while the show goes on. Paused and stopped are idle.
 */
export function actionIndicator(status: Pick<EngineStatus, 'state' | 'error' | 'dropouts' | 'song'>): ActionIndicator {
  const problem = status.error ?? dropoutSummary(status.dropouts)?.text ?? null;
  if (problem) return { state: 'problem', title: clip(`StageTracker Pro: ${problem}`) };
  if (status.state === 'playing') {
    return { state: 'playing', title: clip(`StageTracker Pro: playing${status.song ? ` “${status.song.title}”` : ''}`) };
  }
  return { state: 'idle', title: IDLE_TITLE };
}

/** Passes an indicator on only when it differs from the last one (status changes many times a second while mixing). */
export function dedupeIndicators(send: (indicator: ActionIndicator) => void): (indicator: ActionIndicator) => void {
  let last = '';
  return (indicator) => {
    const key = `${indicator.state}\n${indicator.title}`;
    if (key === last) return;
    last = key;
    send(indicator);
  };
}

function clip(text: string): string {
  return text.length <= TITLE_MAX ? text : `${text.slice(0, TITLE_MAX - 1)}…`;
}
