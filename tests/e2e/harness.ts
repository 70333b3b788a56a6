/**
 * Launches Chromium with the built extension loaded, for end-to-end tests.
 * One call per test file: `const ext = await launchExtension()` ... `await ext.close()`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launch, type Browser, type Page, type Target, type WebWorker } from 'puppeteer-core';
import { findBrowser } from '../../scripts/lib/find-browser.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
const BUILD_INPUTS = ['extension', 'shared', 'wxt.config.ts'];
/** Everything here takes milliseconds; a failing wait should not eat the test's whole budget. */
const WAIT_MS = 10_000;

export interface ExtensionHarness {
  browser: Browser;
  extensionId: string;
  /** The background service worker, to evaluate code in (e.g. chrome.* calls). */
  serviceWorker(): Promise<WebWorker>;
  /** Clicks the toolbar action, as a user would, on the given (default: first) tab. */
  clickAction(onPage?: Page): Promise<void>;
  /** Clicks the toolbar action and returns the player page it opened or focused. */
  openPlayer(): Promise<Page>;
  /** The offscreen document; waits for it to exist. */
  offscreenPage(): Promise<Page>;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * `extensionDir`: load this unpacked extension instead of the build (e.g. the store zip, unzipped).
 * `env`: added to the browser's environment (e.g. PULSE_SERVER for a test sound server).
 * `audible`: without puppeteer's default --mute-audio, so the output devices get the sound.
 */
export async function launchExtension(options: { extensionDir?: string; env?: Record<string, string>; audible?: boolean } = {}): Promise<ExtensionHarness> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!options.extensionDir) ensureBuilt();
  const profileDir = mkdtempSync(join(tmpdir(), 'stagetracker-e2e-'));
  const browser = await launch({
    executablePath: findBrowser(),
    headless: true, // Chrome's new headless mode, which runs extensions
    // The Extensions CDP domain (triggerAction) needs a pipe and --enable-unsafe-extension-debugging.
    pipe: true,
    enableExtensions: true, // stops puppeteer adding --disable-extensions
    userDataDir: profileDir,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.audible ? { ignoreDefaultArgs: ['--mute-audio'] } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-unsafe-extension-debugging',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  try {
    // Branded Chrome 137+ ignores --load-extension; there, install through CDP instead.
    const loaded = [...(await browser.extensions()).values()].some((e) => e.path === extensionDir);
    if (!loaded) await browser.installExtension(extensionDir);
    const worker = await browser.waitForTarget(isExtensionWorker, { timeout: WAIT_MS });
    const extensionId = new URL(worker.url()).host;
    return createHarness(browser, extensionId, profileDir);
  } catch (error) {
    await browser.close();
    rmSync(profileDir, { recursive: true, force: true });
    throw new Error(`The extension in ${extensionDir} did not start a service worker`, { cause: error });
  }
}

function createHarness(browser: Browser, extensionId: string, profileDir: string): ExtensionHarness {
  const origin = `chrome-extension://${extensionId}/`;
  const ownWorker = (t: Target) => isExtensionWorker(t) && t.url().startsWith(origin);

  async function serviceWorker(): Promise<WebWorker> {
    const worker = await (await browser.waitForTarget(ownWorker, { timeout: WAIT_MS })).worker();
    if (!worker) throw new Error('The extension service worker target has no worker');
    return worker;
  }

  async function clickAction(onPage?: Page): Promise<void> {
    const page = onPage ?? (await browser.pages())[0];
    if (!page) throw new Error('No tab to click the toolbar action on');
    const extension = (await browser.extensions()).get(extensionId);
    if (extension) {
      await extension.triggerAction(page);
      return;
    }
    // Fallback without the Extensions CDP domain: fire the listener the click would reach.
    // (Events of the extension's own bindings expose dispatch(); it skips the real toolbar.)
    await (await serviceWorker()).evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      (chrome.action.onClicked as unknown as { dispatch(tab?: chrome.tabs.Tab): void }).dispatch(tab);
    });
  }

  async function openPlayer(): Promise<Page> {
    const isPlayer = (t: Target) => t.type() === 'page' && t.url() === `${origin}player.html`;
    // One click, as a person makes it: a dropped first click must fail the test, not be retried.
    await clickAction();
    const target = await browser.waitForTarget(isPlayer, { timeout: WAIT_MS });
    const page = await pageOf(target);
    await page.bringToFront();
    // The new tab's first document can be its initial about:blank (already "complete"); evaluating
    // there is lost when player.html commits (seen on a loaded machine): wait for the player's own.
    await page.waitForFunction((url) => location.href === url && document.readyState === 'complete', { polling: 50 }, `${origin}player.html`);
    return page;
  }

  async function offscreenPage(): Promise<Page> {
    const target = await browser.waitForTarget(
      (t) => t.type() === 'background_page' && t.url() === `${origin}offscreen.html`,
      { timeout: WAIT_MS },
    );
    return pageOf(target);
  }

  async function close(): Promise<void> {
    try {
      await browser.close();
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  }

  return { browser, extensionId, serviceWorker, clickAction, openPlayer, offscreenPage, close };
}

/**
 * Always the same Page per target: target.page() is cached, while asPage() may attach a
 * second session early on, and evaluating in the other Page object later hung (seen here).
 */
async function pageOf(target: Target): Promise<Page> {
  const page = (await target.page()) ?? (await target.asPage());
  page.setDefaultTimeout(WAIT_MS);
  return page;
}

function isExtensionWorker(target: Target): boolean {
  return target.type() === 'service_worker' && target.url().startsWith('chrome-extension://');
}

/** Builds the extension unless .output/chrome-mv3 is newer than every input file. */
function ensureBuilt(): void {
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  const builtAt = existsSync(manifest) ? statSync(manifest).mtimeMs : 0;
  const newestInput = Math.max(...BUILD_INPUTS.map((input) => newestMtime(join(ROOT, input))));
  if (builtAt > newestInput) return;
  const wxt = join(ROOT, 'node_modules/wxt/bin/wxt.mjs');
  const result = spawnSync(process.execPath, [wxt, 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`wxt build failed:\n${result.stdout}\n${result.stderr}`);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs; // tests are not bundled
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

