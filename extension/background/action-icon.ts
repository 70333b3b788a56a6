import { browser } from 'wxt/browser';
import type { ActionIndicator } from '../../shared/messages';
import { ACTION_ICONS } from './action-state';

/**
 * Draws the engine's state on the toolbar action. Chrome keeps the icon and title it was given
 * after the service worker stops, so nothing here needs to survive the worker.
 */
export async function showActionIndicator(indicator: ActionIndicator): Promise<void> {
  const icons = ACTION_ICONS[indicator.state];
  // Root-relative: setIcon resolves paths against the worker's URL.
  await browser.action.setIcon({ path: { 16: `/${icons[16]}`, 32: `/${icons[32]}` } });
  await browser.action.setTitle({ title: indicator.title });
}
