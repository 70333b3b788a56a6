import { browser } from 'wxt/browser';

const PLAYER_PATH = '/player.html';

let inFlight: Promise<void> | undefined;

/** Toolbar click: focus the player tab if one is open, otherwise open one. */
export function openOrFocusPlayer(): Promise<void> {
  // A double click must not open two tabs: the second click waits for the first.
  inFlight ??= focusOrCreate().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function focusOrCreate(): Promise<void> {
  const url = browser.runtime.getURL(PLAYER_PATH);
  // getContexts sees our own pages without the "tabs" permission; TAB excludes the side panel.
  const tabs = await browser.runtime.getContexts({ contextTypes: [browser.runtime.ContextType.TAB] });
  const existing = tabs.find((context) => context.documentUrl?.startsWith(url) && context.tabId >= 0);
  if (!existing) {
    await browser.tabs.create({ url });
    return;
  }
  await browser.tabs.update(existing.tabId, { active: true });
  await browser.windows.update(existing.windowId, { focused: true });
}
