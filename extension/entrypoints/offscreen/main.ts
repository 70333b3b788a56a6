import { actionIndicator, dedupeIndicators } from '../../background/action-state';
import { db } from '../../db/db';
import { Engine } from '../../engine/engine';
import { serveEngineEvents } from '../../engine/events';
import { engineTestHooks } from '../../engine/decode/test-hooks';
import { dexieLibrary } from '../../engine/library';
import { routingTestHooks } from '../../engine/routing-test-hooks';
import { dedupeSnapshots } from '../../engine/snapshot-sender';
import { listen } from '../../messaging/listen';
import { sendMessage } from '../../messaging/send';

// The offscreen document exists only to host the engine. It has no chrome.storage, so the
// background keeps the engine's snapshot (to re-create it as it was if Chrome closes it).
const engine = new Engine({
  library: dexieLibrary(db),
  saveSnapshot: dedupeSnapshots((snapshot) => {
    sendMessage('background', 'engine.snapshot', snapshot).catch(() => {});
  }),
});
listen('offscreen', engine.handlers);
serveEngineEvents(engine);

// The toolbar icon follows the engine (idle, playing, a problem); only changes reach the worker.
const showOnToolbar = dedupeIndicators((indicator) => {
  sendMessage('background', 'action.indicator', indicator).catch(() => {});
});
showOnToolbar(actionIndicator(engine.status()));
engine.subscribe((status) => showOnToolbar(actionIndicator(status)));

// Test-only decoder hooks (slow or failing decode, per-stem reports) for the e2e tests.
(globalThis as { __engineTestHooks?: typeof engineTestHooks }).__engineTestHooks = engineTestHooks;
(globalThis as { __routingTestHooks?: typeof routingTestHooks }).__routingTestHooks = routingTestHooks;
