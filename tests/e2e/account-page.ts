/** Helpers for driving the account panel in the e2e tests: what a user does and sees. */
import type { Page } from 'puppeteer-core';
import { waitForText } from './library-page';
import { openView } from './views-page';

export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.locator(selector).fill(value);
}

/** Clicks the button whose visible text is exactly `name` (within the account panel, in its view, by default). */
export async function clickButton(page: Page, name: string, scope = 'section.account'): Promise<void> {
  if (scope === 'section.account') await openView(page, 'account');
  await page.waitForFunction(
    (scope, name) => [...document.querySelectorAll(`${scope} button`)].some((b) => b.textContent?.trim() === name),
    { polling: 50 },
    scope,
    name,
  );
  await page.evaluate(
    (scope, name) => ([...document.querySelectorAll(`${scope} button`)].find((b) => b.textContent?.trim() === name) as HTMLButtonElement).click(),
    scope,
    name,
  );
}

export async function useServer(page: Page, url: string, deviceName: string): Promise<void> {
  await openView(page, 'account');
  await fill(page, '#account-backend', url);
  await fill(page, '#account-device', deviceName);
  await clickButton(page, 'Save server and device');
  await waitForText(page, /Server set to|Saved\./);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await openView(page, 'account');
  await fill(page, '#account-email', email);
  await fill(page, '#account-password', password);
  await clickButton(page, 'Sign in');
}

export const planOf = (page: Page) => page.$eval('[data-plan]', (el) => el.getAttribute('data-plan'));

/** Polls the panel until it shows `plan`; returns how long that took. */
export async function waitForPlan(page: Page, plan: 'free' | 'premium', timeout = 10_000): Promise<number> {
  const start = Date.now();
  await page.waitForFunction((plan) => document.querySelector('[data-plan]')?.getAttribute('data-plan') === plan, { polling: 100, timeout }, plan);
  return Date.now() - start;
}

export const accountText = (page: Page) => page.$eval('section.account', (el) => (el as HTMLElement).innerText);
