import { openOrFocusPlayer } from '../../background/player-tab';

// The manifest's toolbar popup. Chrome drops an action click when the extension has no
// onClicked listener registered yet, which is the case until the service worker's first run
// after install has finished: a popup needs no worker, so that first click still opens the
// player. Once the worker runs it clears this popup and clicks go straight to onClicked.
openOrFocusPlayer()
  .catch((error: unknown) => {
    document.body.textContent = `Could not open the player: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  })
  .then(() => window.close());
