import { browser } from 'wxt/browser';
import { NoReceiverError } from '../messaging/errors';
import { sendMessage } from '../messaging/send';
import { readSnapshot } from './snapshot';

const OFFSCREEN_PATH = '/offscreen.html';

let inFlight: Promise<void> | undefined;

/**
 * Makes sure the offscreen document (the audio engine) exists, creating it on demand and
 * again after Chrome closed it, then restoring the engine's song, position and play state.
 * Concurrent callers share one check-and-create, because Chrome allows a single offscreen
 * document and rejects a second createDocument.
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
    // Only reasons the engine really uses: it plays audio, and it reads the stems as Blobs
    // from IndexedDB. Chrome keeps the document while any reason is active, so BLOBS also keeps
    // a paused engine (and its prepared song) alive past the ~30 s silence limit of AUDIO_PLAYBACK.
    reasons: [browser.offscreen.Reason.AUDIO_PLAYBACK, browser.offscreen.Reason.BLOBS],
    justification: 'Plays the multitrack audio of the current song, streamed from the stored audio blobs.',
  });
  const snapshot = await readSnapshot();
  if (snapshot?.songId) await untilListening(() => sendMessage('offscreen', 'engine.restore', snapshot));
}

/** The document may be listed before its script has registered the engine's listener. */
async function untilListening<T>(send: () => Promise<T>, attempts = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof NoReceiverError) || i >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Asks Chrome rather than remembering: the service worker itself is restarted at will. */
async function offscreenExists(): Promise<boolean> {
  const contexts = await browser.runtime.getContexts({
    contextTypes: [browser.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [browser.runtime.getURL(OFFSCREEN_PATH)],
  });
  return contexts.length > 0;
}
