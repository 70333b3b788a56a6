import { findOrInstall, type ToolCheck } from './apt.ts';
import { findBrowser } from './find-browser.ts';

/** One line a person can act on, for when no browser is found and none can be installed here. */
export const NO_BROWSER_LINE =
  'No Chromium found: install it (Debian/Ubuntu: sudo apt-get install -y chromium; Fedora: sudo dnf install chromium; macOS: brew install --cask chromium) or set CHROME_PATH to a Chromium-family browser.';

/**
 * Finds the browser the e2e tests, the bench and `npm start` drive; where none is found and this
 * is Debian or Ubuntu run as root (a fresh CI or container machine), installs Debian's Chromium
 * with apt-get. Never throws: the caller prints the one-line problem.
 */
export function ensureBrowser(log: (line: string) => void = console.log): ToolCheck<string> {
  // A browser the user chose and got wrong is theirs to fix: say so rather than install another.
  if (process.env.CHROME_PATH || process.env.PUPPETEER_EXECUTABLE_PATH) {
    try {
      return { ok: true, found: findBrowser(), installed: false };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }
  return findOrInstall(tryFind, ['chromium'], NO_BROWSER_LINE, log);
}

/** findBrowser's own error lists every place looked at; NO_BROWSER_LINE is the point of it. */
function tryFind(): string | undefined {
  try {
    return findBrowser();
  } catch {
    return undefined;
  }
}
