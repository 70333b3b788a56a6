import type { Target } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { launchExtension } from './harness';

// A new user installs the extension and clicks its toolbar button at once. Chrome drops an
// action click that arrives before the service worker's first run has registered its
// onClicked listener; the manifest popup (entrypoints/launcher) must catch that click.
describe('the first toolbar click after install', () => {
  it('opens the player in fresh profiles, clicked the moment the extension appears', async () => {
    const opened: number[] = [];
    for (let profile = 0; profile < 3; profile++) {
      const ext = await launchExtension();
      try {
        const started = performance.now();
        await ext.clickAction();
        const isPlayer = (t: Target) => t.type() === 'page' && t.url() === `chrome-extension://${ext.extensionId}/player.html`;
        await ext.browser.waitForTarget(isPlayer, { timeout: 5000 });
        opened.push(Math.round(performance.now() - started));

        // Once the worker has run, clicks go to its listener (no popup flash) and focus the same tab.
        const sw = await ext.serviceWorker();
        await expect.poll(() => sw.evaluate(() => chrome.action.getPopup({})), { timeout: 5000 }).toBe('');
        await ext.clickAction();
        await new Promise((resolve) => setTimeout(resolve, 300));
        const players = (await ext.browser.targets()).filter(isPlayer);
        expect(players).toHaveLength(1);
        // The launcher popup closes itself.
        const popups = (await ext.browser.targets()).filter((t) => t.url().endsWith('/launcher.html'));
        expect(popups).toHaveLength(0);
      } finally {
        await ext.close();
      }
    }
    console.log(`first click -> player tab, per fresh profile (ms): ${opened.join(', ')}`);
  });
});
