import { browser } from 'wxt/browser';
import type { EngineSnapshot } from '../../shared/messages';

const KEY = 'engine.snapshot';

/** Session storage: survives the service worker and the offscreen document, not a browser restart. */
export async function writeSnapshot(snapshot: EngineSnapshot): Promise<void> {
  await browser.storage.session.set({ [KEY]: snapshot });
}

export async function readSnapshot(): Promise<EngineSnapshot | null> {
  const stored = await browser.storage.session.get(KEY);
  return (stored[KEY] as EngineSnapshot | undefined) ?? null;
}
