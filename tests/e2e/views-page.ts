/** The player's views (tabs): switch as a user does, by clicking the view's tab. */
import type { Page } from 'puppeteer-core';
import type { ViewId } from '../../extension/player/views.ts';

/** Opens `view` (no-op when it is on screen) and waits until its panel shows. */
export async function openView(page: Page, view: ViewId): Promise<void> {
  const shown = `#view-${view}:not([hidden])`;
  if (await page.$(shown)) return;
  await page.locator(`#tab-${view}`).click();
  await page.waitForSelector(shown, { visible: true });
}

/** Waits until `view` is the one on screen (a view switch renders on the next tick). */
export async function waitForView(page: Page, view: ViewId): Promise<void> {
  await page.waitForFunction((v) => document.querySelector('[role="tabpanel"]:not([hidden])')?.getAttribute('data-view') === v, { polling: 50, timeout: 5_000 }, view);
}
