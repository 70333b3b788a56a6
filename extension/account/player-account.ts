import type { ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { sendMessage } from '../messaging/send';
import { createAccountModel, type AccountSend } from './model';
import { accountStorage, type AccountKey, type StorageArea } from './storage';

/** The account model wired to the extension: messages to the background, chrome.storage.local. */
export function createPlayerAccount(isPlaying: ReadonlySignal<boolean>) {
  const send = ((type: string, ...args: unknown[]) => (sendMessage as (...a: unknown[]) => Promise<unknown>)('background', type, ...args)) as AccountSend;
  return createAccountModel({
    send,
    storage: accountStorage(browser.storage.local as unknown as StorageArea),
    onStorageChange: (listener) =>
      browser.storage.onChanged.addListener((changes, area) => {
        const keys = Object.keys(changes).filter((k): k is AccountKey => k.startsWith('account.'));
        if (area === 'local' && keys.length) listener(keys);
      }),
    isPlaying,
    requestOrigin: (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
  });
}
