import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ENGINE_EVENTS_PORT } from '../../../shared/messages';
import { createPlayerAccount } from '../../account/player-account';
import { createPracticeLog } from '../../account/practice-log';
import { createEngineClient } from '../../engine/client';
import { db } from '../../db/db';
import { probeAudio } from '../../library/import/probe';
import { createLibraryModel } from '../../library/model';
import { sendMessage } from '../../messaging/send';
import { createShortcutRunner } from '../../player/actions';
import { App } from '../../player/components/App';
import { createPlayerModel } from '../../player/model';
import { createShowModels } from '../../player/show-models';
import { listenForShortcuts } from '../../shortcuts/keyboard';
import { createShortcutsModel } from '../../shortcuts/model';
import { createShowFeatures } from '../../stage-settings/show-features';
import '../../player/stage.css';

// Opened as a tab from the toolbar, or in the side panel.
const ensureEngine = () => sendMessage('background', 'offscreen.ensure');
const connectEvents = () => browser.runtime.connect({ name: ENGINE_EVENTS_PORT });
const engineClient = createEngineClient(ensureEngine);
const model = createPlayerModel({ engine: engineClient, ensureEngine, connectEvents });

const account = createPlayerAccount(model.live.isPlaying);
createPracticeLog({ db, status: model.live.status });
const library = createLibraryModel({
  db,
  probe: probeAudio,
  loadSong: (songId, order) => model.live.load(songId, order),
  limits: account.gates.importLimits,
});
const sets = createShowModels({ db, engine: engineClient, live: model.live, songs: library.songs, gates: account.gates });
const shortcuts = createShortcutsModel({
  db,
  run: createShortcutRunner(model.live, sets.sections),
  isPlaying: model.live.isPlaying,
  chromeCommands: async () =>
    (await browser.commands.getAll()).map((c) => ({
      name: c.name ?? '',
      // Chrome's toolbar-click command has no description of ours.
      description: c.description || (c.name === '_execute_action' ? 'Open the player' : (c.name ?? '')),
      shortcut: c.shortcut ?? '',
    })),
});
const openChromeShortcuts = () => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
void shortcuts.load();
listenForShortcuts(window, shortcuts);
// Back from chrome://extensions/shortcuts: show the global shortcuts as they are now.
window.addEventListener('focus', () => void shortcuts.refreshChromeCommands());
// Back from Checkout or another window: pick up a plan change at once.
window.addEventListener('focus', () => account.refreshOnFocus());
void account.start();
const show = createShowFeatures({
  db,
  live: model.live,
  songs: library.songs,
  canExport: () => account.gates.canUse('backup_export'), // Premium gate (extension/account/gates.ts)
  canAdd: account.gates.canAdd,
  root: document.documentElement,
  window,
});

render(<App model={model} library={library} shortcuts={shortcuts} account={account} openChromeShortcuts={openChromeShortcuts} show={show} sets={sets} />, document.getElementById('app')!);
// Warm the engine now so the first Play does not pay for creating the offscreen document.
void model.connectEngine();
