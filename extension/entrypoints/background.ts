import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { startAccount } from '../background/account';
import { showActionIndicator } from '../background/action-icon';
import { forwardCommand } from '../background/commands';
import { ensureOffscreen } from '../background/offscreen';
import { openOrFocusPlayer } from '../background/player-tab';
import { writeSnapshot } from '../background/snapshot';
import { createEngineClient } from '../engine/client';
import { listen } from '../messaging/listen';

// Wiring only. Listeners are registered synchronously so events that wake the
// service worker are delivered. No playback state lives here: Chrome stops the worker when idle.
export default defineBackground(() => {
  const engine = createEngineClient(ensureOffscreen);

  // The toolbar and shortcuts first: nothing the account does at start-up may delay or
  // prevent them from being registered.
  browser.action.onClicked.addListener(() => {
    openOrFocusPlayer().catch(console.error);
  });
  // The manifest's popup (entrypoints/launcher) catches clicks that arrive before this listener
  // exists (a fresh install); from here on the listener is there, so clicks skip the popup.
  void browser.action.setPopup({ popup: '' });

  browser.commands.onCommand.addListener((command) => {
    forwardCommand(engine, command).catch(console.error);
  });

  const account = startAccount();

  listen('background', {
    'offscreen.ensure': async () => {
      await ensureOffscreen();
      return engine.send('engine.prepare');
    },
    'engine.snapshot': (snapshot) => writeSnapshot(snapshot),
    'action.indicator': (indicator) => showActionIndicator(indicator),
    ...account,
  });
});
