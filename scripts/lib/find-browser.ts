import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Finds a Chromium-family browser that can load an unpacked extension with --load-extension.
 * Used by `npm start` (to open the player) and by the end-to-end tests (puppeteer executablePath).
 *
 * Order: $CHROME_PATH, puppeteer's browser cache (Chrome for Testing), Debian/Ubuntu Chromium's
 * real binary, other Chromium installs, then branded Google Chrome, which since version 137
 * ignores --load-extension (see isBrandedChrome), so it comes last.
 */
export function findBrowser(): string {
  const fromEnv = (process.env.CHROME_PATH || process.env.PUPPETEER_EXECUTABLE_PATH)?.trim();
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file exists there. Fix or unset CHROME_PATH.`);
  }
  const candidates = browserCandidates();
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    [
      'No Chromium or Chrome browser found. Looked in:',
      ...candidates.map((candidate) => `  ${candidate}`),
      'Install one of these, or point CHROME_PATH at a Chromium-family browser:',
      '  - Debian/Ubuntu: sudo apt-get install -y chromium   (then /usr/lib/chromium/chromium is used)',
      `  - Chrome for Testing: npx @puppeteer/browsers install chrome@stable --path ${puppeteerCacheDir()}`,
      '  - CHROME_PATH=/path/to/chrome (Chromium, Chrome for Testing, Brave, Edge; branded Google Chrome 137+ cannot load',
      '    unpacked extensions from the command line)',
    ].join('\n'),
  );
}

/** Google-branded Chrome 137+ ignores --load-extension (Chromium and Chrome for Testing do not). */
export function isBrandedChrome(executable: string): boolean {
  const p = executable.toLowerCase();
  if (p.includes('for testing') || p.includes('chrome-linux64') || p.includes('chrome-win64') || p.includes('puppeteer')) return false;
  return /google[\\/ -]?chrome|opt[\\/]google[\\/]chrome|google chrome\.app/.test(p) || /[\\/]google[\\/]chrome[\\/]application[\\/]chrome\.exe$/.test(p);
}

export function puppeteerCacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR || path.join(homedir(), '.cache', 'puppeteer');
}

/** Every place looked at, best first (exported for diagnostics and tests). */
export function browserCandidates(): string[] {
  return [...puppeteerBrowsers(), ...systemBrowsers()];
}

function puppeteerBrowsers(): string[] {
  const cache = puppeteerCacheDir();
  const found: string[] = [];
  // Layout written by puppeteer / @puppeteer/browsers: <cache>/<browser>/<platform>-<buildId>/<archive dir>/<binary>.
  const layouts: Record<string, { prefix: string[]; binary: string[] }> = {
    linux: { prefix: ['linux-'], binary: ['chrome-linux64/chrome', 'chrome-linux/chrome'] },
    darwin: {
      prefix: ['mac_arm-', 'mac-'],
      binary: [
        'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
      ],
    },
    win32: { prefix: ['win64-', 'win32-'], binary: ['chrome-win64/chrome.exe', 'chrome-win32/chrome.exe', 'chrome-win/chrome.exe'] },
  };
  const layout = layouts[process.platform];
  if (!layout) return found;
  for (const browser of ['chrome', 'chromium']) {
    const dir = path.join(cache, browser);
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    const builds = entries.filter((entry) => layout.prefix.some((prefix) => entry.startsWith(prefix))).sort(compareBuildsDescending);
    for (const build of builds) {
      for (const binary of layout.binary) found.push(path.join(dir, build, ...binary.split('/')));
    }
  }
  return found;
}

/** Newest build first: "linux-139.0.7258.66" > "linux-138.0.7204.94". */
function compareBuildsDescending(a: string, b: string): number {
  const version = (s: string) => (s.slice(s.indexOf('-') + 1).match(/\d+/g) ?? []).map(Number);
  const va = version(a);
  const vb = version(b);
  for (let i = 0; i < Math.max(va.length, vb.length); i++) {
    const diff = (vb[i] ?? 0) - (va[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

function systemBrowsers(): string[] {
  switch (process.platform) {
    case 'linux':
      return [
        // Debian's /usr/bin/chromium is a wrapper script that appends an empty --load-extension=.
        '/usr/lib/chromium/chromium',
        '/usr/lib/chromium-browser/chromium-browser',
        '/usr/lib64/chromium-browser/chromium-browser',
        '/snap/bin/chromium',
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/brave-browser',
        '/usr/bin/microsoft-edge',
        '/opt/google/chrome/chrome',
        '/usr/bin/google-chrome-stable',
        '/usr/bin/google-chrome',
      ];
    case 'darwin': {
      const apps = [
        'Chromium.app/Contents/MacOS/Chromium',
        'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'Brave Browser.app/Contents/MacOS/Brave Browser',
        'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
        'Google Chrome.app/Contents/MacOS/Google Chrome',
      ];
      return apps.flatMap((app) => [path.join('/Applications', app), path.join(homedir(), 'Applications', app)]);
    }
    case 'win32': {
      const roots = [process.env.LOCALAPPDATA, process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)']].filter((r): r is string => !!r);
      const relative = [
        'Chromium\\Application\\chrome.exe',
        'BraveSoftware\\Brave-Browser\\Application\\brave.exe',
        'Microsoft\\Edge\\Application\\msedge.exe',
        'Google\\Chrome\\Application\\chrome.exe',
      ];
      return relative.flatMap((rel) => roots.map((root) => path.win32.join(root, rel)));
    }
    default:
      return [];
  }
}
