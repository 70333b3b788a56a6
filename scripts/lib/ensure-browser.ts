import { aptInstall, canAptInstall } from './apt.ts';
import { findBrowser } from './find-browser.ts';

export type BrowserCheck = { ok: true; path: string; installed: boolean } | { ok: false; problem: string };

/** One line a person can act on, for when no browser is found and none can be installed here. */
export const NO_BROWSER_LINE =
  'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install -y chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) or set CHROME_PATH to a Chromium-family browser.';

/**
 * Finds the browser the e2e tests, the bench and `npm start` drive; where none is found and this
 * is Debian or Ubuntu run as root (a fresh CI or container machine), installs Debian's Chromium
 * with apt-get. Never throws: the caller prints the one-line problem.
 */
export function ensureBrowser(log: (line: string) => void = console.log): BrowserCheck {
  const found = tryFind();
  if (found.ok) return found;
  if (process.env.CHROME_PATH || process.env.PUPPETEER_EXECUTABLE_PATH) return found; // the user chose one: don't second-guess
  if (!canAptInstall()) return found;
  log('No Chromium found (about 30 s to install).');
  const failed = aptInstall(['chromium'], log);
  if (failed) return { ok: false, problem: `${failed}. ${NO_BROWSER_LINE}` };
  const after = tryFind();
  return after.ok ? { ...after, installed: true } : after;
}

function tryFind(): BrowserCheck {
  try {
    return { ok: true, path: findBrowser(), installed: false };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // findBrowser's own message lists every place looked at; the first line is the point.
    return { ok: false, problem: message.startsWith('CHROME_PATH') ? message : NO_BROWSER_LINE };
  }
}
