import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, EngineStatus, Reply } from '../../shared/messages';
import { launchExtension, type ExtensionHarness } from './harness';

let ext: ExtensionHarness;

beforeAll(async () => {
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
});

/** Visible text of the page, as a user would read it. */
const textOf = (page: Page) => page.evaluate(() => document.body.innerText);

async function waitForText(page: Page, pattern: RegExp): Promise<string> {
  const matches = (source: string) => new RegExp(source).test(document.body.innerText);
  // Interval polling: 'mutation' misses text-node edits (Preact updates text in place), and
  // 'raf' (the default) stalls in a tab that is not in front.
  await page.waitForFunction(matches, { polling: 50 }, pattern.source);
  return textOf(page);
}

/** The engine's own answer, asked from the service worker over the real message contract. */
function engineStatus(sw: WebWorker): Promise<Reply<EngineStatus> | undefined> {
  const message: Envelope<'offscreen', 'engine.status'> = { target: 'offscreen', type: 'engine.status', data: undefined };
  return sw.evaluate((m) => chrome.runtime.sendMessage(m), message);
}

function contextsOf(sw: WebWorker, type: 'TAB' | 'OFFSCREEN_DOCUMENT') {
  return sw.evaluate((t) => chrome.runtime.getContexts({ contextTypes: [t as chrome.runtime.ContextType] }), type);
}

async function playerTabs(sw: WebWorker) {
  const tabs = await contextsOf(sw, 'TAB');
  return tabs.filter((context) => context.documentUrl?.endsWith('/player.html'));
}

describe('player page', () => {
  it('opens from the toolbar action and shows that the engine is ready', async () => {
    const player = await ext.openPlayer();

    const heading = await player.waitForSelector('h1');
    expect(await heading?.evaluate((h) => h.textContent)).toBe('StageTracker Pro');
    // The rate depends on the audio device (44100 Hz here, headless without one).
    const text = await waitForText(player, /Engine ready · [1-9]\d+ Hz/);
    expect(text).toContain('Your library is empty');
    for (const name of ['Play/Pause', 'Stop']) {
      expect(await player.$(`::-p-aria([name="${name}"][role="button"])`), name).not.toBeNull();
    }
  });

  it('focuses the existing player tab when the action is clicked again', async () => {
    const player = await ext.openPlayer();
    const sw = await ext.serviceWorker();
    const tabs = await playerTabs(sw);
    expect(tabs).toHaveLength(1);
    const playerTabId = tabs[0]!.tabId;
    const activeTabId = () =>
      sw.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
    const other = await ext.browser.newPage(); // takes the focus away from the player
    try {
      expect(await activeTabId()).not.toBe(playerTabId);

      await ext.clickAction(other);

      await expect.poll(activeTabId).toBe(playerTabId);
      expect(await playerTabs(sw)).toHaveLength(1);
      expect(await player.evaluate(() => document.visibilityState)).toBe('visible');
    } finally {
      await other.close();
    }
  });
});

describe('offscreen engine', () => {
  it('exists once the player is open, with its AudioContext running', async () => {
    const player = await ext.openPlayer();
    await waitForText(player, /Engine ready/);

    const offscreen = await ext.offscreenPage();
    expect(offscreen.url()).toBe(`chrome-extension://${ext.extensionId}/offscreen.html`);
    const reply = await engineStatus(await ext.serviceWorker());
    expect(reply).toMatchObject({ ok: true, value: { ready: true, contextState: 'running', state: 'idle' } });
  });

  it.each([
    {
      via: 'the play-pause shortcut',
      send: async () => {
        const sw = await ext.serviceWorker();
        // CDP cannot press global shortcuts; fire the command event the keys would fire.
        await sw.evaluate(() => {
          (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch('play-pause');
        });
      },
    },
    {
      via: 'the Play/Pause button',
      send: async () => {
        const player = await ext.openPlayer();
        await player.locator('::-p-aria([name="Play/Pause"][role="button"])').click();
        expect(await waitForText(player, /Play\/Pause received/)).toContain('Play/Pause received · engine idle');
      },
    },
  ])('is re-created transparently when $via is used after Chrome closed it', async ({ send }) => {
    await ext.openPlayer();
    const sw = await ext.serviceWorker();
    await ext.offscreenPage();
    await sw.evaluate(() => chrome.offscreen.closeDocument());
    expect(await contextsOf(sw, 'OFFSCREEN_DOCUMENT')).toHaveLength(0);

    await send();

    // The document is listed as soon as it is created, before its engine listens: ask the engine.
    await expect
      .poll(() => engineStatus(sw).catch((error: Error) => error.message))
      .toMatchObject({ ok: true, value: { contextState: 'running' } });
    expect(await contextsOf(sw, 'OFFSCREEN_DOCUMENT')).toHaveLength(1);
  });
});

describe('keyboard shortcuts', () => {
  it('declares the four transport commands with their shortcuts assigned', async () => {
    const commands = await (await ext.serviceWorker()).evaluate(() => chrome.commands.getAll());
    const shortcuts = Object.fromEntries(commands.map((c) => [c.name, c.shortcut]));
    // An empty shortcut would mean Chrome refused the suggested key (e.g. a clash).
    expect(shortcuts).toMatchObject({
      'play-pause': 'Ctrl+Shift+1',
      next: 'Ctrl+Shift+2',
      previous: 'Ctrl+Shift+3',
      stop: 'Ctrl+Shift+4',
    });
  });
});

describe('side panel', () => {
  it('offers the player page in the side panel', async () => {
    const options = await (await ext.serviceWorker()).evaluate(() => chrome.sidePanel.getOptions({}));
    expect(options).toMatchObject({ enabled: true, path: 'player.html' });
  });
});
