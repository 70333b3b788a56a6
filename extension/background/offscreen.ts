import { browser } from 'wxt/browser';

const OFFSCREEN_PATH = '/offscreen.html';

let inFlight: Promise<void> | undefined;

/**
 * Makes sure the offscreen document (the audio engine) exists, creating it on demand and
 * again after Chrome closed it. Concurrent callers share one check-and-create, because
 * Chrome allows a single offscreen document and rejects a second createDocument.
 */
export function ensureOffscreen(): Promise<void> {
  inFlight ??= createIfMissing().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function createIfMissing(): Promise<void> {
  if (await offscreenExists()) return;
  await browser.offscreen.createDocument({
    url: OFFSCREEN_PATH,
    // Only reasons the engine really uses: Chrome keeps the document while any reason is active.
    reasons: [browser.offscreen.Reason.AUDIO_PLAYBACK],
    justification: 'Plays the multitrack audio of the current song.',
  });
}

/** Asks Chrome rather than remembering: the service worker itself is restarted at will. */
async function offscreenExists(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({
    contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}
