import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The id Chrome gives an unpacked extension: from the manifest's `key` when there is one,
 * otherwise from the extension folder's absolute path. Sha-256, first 16 bytes, hex digits
 * 0-f written as letters a-p.
 */
export function unpackedExtensionId(dir: string): string {
  let key: string | undefined;
  try {
    key = (JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { key?: string }).key;
  } catch {
    // no manifest yet: the path-based id
  }
  let input: Buffer;
  if (key) {
    input = Buffer.from(key, 'base64');
  } else {
    const absolute = realpathSync(dir);
    // Windows hashes the path as lower-case UTF-16; elsewhere the path's bytes.
    input = process.platform === 'win32' ? Buffer.from(absolute.toLowerCase(), 'utf16le') : Buffer.from(absolute, 'utf8');
  }
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

/** Command-line flags for a person's browser with the extension loaded (not for tests). */
export function browserArgs(opts: { extensionDir: string; profileDir: string; branded: boolean; url?: string }): string[] {
  const args = [
    `--user-data-dir=${opts.profileDir}`,
    `--load-extension=${opts.extensionDir}`,
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Google-branded Chrome 137+ ignores --load-extension unless this kill switch is flipped
  // (and may stop honouring it in a later version).
  if (opts.branded) args.push('--disable-features=DisableLoadExtensionCommandLineSwitch');
  // Chromium refuses to start as root with its sandbox on.
  if (process.platform !== 'win32' && process.getuid?.() === 0) args.push('--no-sandbox');
  if (opts.url) args.push(opts.url);
  return args;
}

/** Whether a browser window can be shown here. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}
