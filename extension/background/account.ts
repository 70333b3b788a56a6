import { browser } from 'wxt/browser';
import type { AccountProtocol, AccountRefreshReason } from '../../shared/messages';
import { defaultDeviceName } from '../account/device-name';
import { createAccountService } from '../account/service';
import { accountStorage } from '../account/storage';
import { db } from '../db/db';
import type { Handlers } from '../messaging/listen';

/** Keeps the offline entitlement fresh even when no player is open. */
export const REFRESH_ALARM = 'account.refresh';
export const REFRESH_PERIOD_MIN = 15;
/** While a player is open: a change on another device shows within this (Chrome's alarm minimum). */
export const LIVE_ALARM = 'account.refresh.live';
export const LIVE_PERIOD_MIN = 0.5;

type AccountHandlers = { [K in keyof AccountProtocol]: Handlers<'background'>[K] };

/**
 * The account in the service worker: the only context that calls the backend, so token
 * rotation never races. Call synchronously at start-up so alarm and tab events wake it.
 */
export function startAccount(): AccountHandlers {
  const service = createAccountService({
    storage: accountStorage(browser.storage.local as unknown as Parameters<typeof accountStorage>[0]),
    fetch: (input, init) => fetch(input, init),
    openTab: (url) => browser.tabs.create({ url }),
    readPlays: () => db.plays.toArray(),
    defaultDeviceName: () => defaultDeviceName(navigator as Navigator & { userAgentData?: { platform?: string; brands?: { brand: string }[] } }),
  });
  const refresh = (reason: AccountRefreshReason) => service.refresh(reason).catch((error: unknown) => console.error('account refresh failed', error));

  void browser.alarms.get(REFRESH_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_PERIOD_MIN, delayInMinutes: REFRESH_PERIOD_MIN });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void refresh('alarm');
    if (alarm.name === LIVE_ALARM) {
      void playerOpen().then(async (open) => {
        if (open) await refresh('alarm');
        else await browser.alarms.clear(LIVE_ALARM);
      });
    }
  });

  // Back from Stripe Checkout or the billing portal: the backend's return page has synced the plan.
  browser.tabs.onUpdated.addListener((_tabId, change, tab) => {
    if (change.status !== 'complete' || !tab.url) return;
    void service.settings().then(({ backendUrl }) => {
      if (tab.url!.startsWith(`${backendUrl}/billing/`)) void refresh('checkout-return');
    });
  });

  return {
    'account.register': (data) => service.register(data),
    'account.login': (data) => service.login(data),
    'account.logout': () => service.logout(),
    'account.forgotPassword': (data) => service.forgotPassword(data),
    'account.refresh': ({ reason }) => service.refresh(reason),
    'account.devices': () => service.devices(),
    'account.signOutDevice': (data) => service.signOutDevice(data),
    'account.checkout': (data) => service.checkout(data),
    'account.portal': () => service.portal(),
    'account.settings': (data) => service.updateSettings(data),
    'account.playerOpened': async () => {
      await browser.alarms.create(LIVE_ALARM, { periodInMinutes: LIVE_PERIOD_MIN, delayInMinutes: LIVE_PERIOD_MIN });
      void refresh('player-opened');
    },
  };
}

async function playerOpen(): Promise<boolean> {
  const url = browser.runtime.getURL('/player.html');
  const contexts = await browser.runtime.getContexts({ contextTypes: [browser.runtime.ContextType.TAB, browser.runtime.ContextType.SIDE_PANEL] });
  return contexts.some((c) => c.documentUrl?.startsWith(url));
}
