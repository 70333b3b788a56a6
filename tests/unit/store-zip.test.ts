import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { missingFiles, readStoreZip } from '../../scripts/lib/store-zip.ts';

/** A store zip with these files and this manifest, on disk as `npm run release` leaves it. */
function storeZip(manifest: object | null, files: string[]): string {
  const entries = Object.fromEntries(files.map((f) => [f, new Uint8Array([1])]));
  if (manifest) entries['manifest.json'] = strToU8(JSON.stringify(manifest));
  const path = join(mkdtempSync(join(tmpdir(), 'store-zip-')), 'pkg.zip');
  writeFileSync(path, zipSync(entries));
  return path;
}

const manifest = {
  version: '1.2.3',
  icons: { 16: 'icons/16.png', 128: 'icons/128.png' },
  action: { default_icon: { 16: 'icons/16.png' }, default_popup: 'launcher.html' },
  background: { service_worker: 'background.js' },
  side_panel: { default_path: 'player.html' },
};

describe('the release check of a store zip', () => {
  it('passes a zip holding every file its manifest names', () => {
    const zip = readStoreZip(storeZip(manifest, ['icons/16.png', 'icons/128.png', 'launcher.html', 'background.js', 'player.html']));
    expect(zip.manifest.version).toBe('1.2.3');
    expect(missingFiles(zip)).toEqual([]);
  });

  it('names each file the manifest points at that the zip lacks, once', () => {
    const zip = readStoreZip(storeZip(manifest, ['icons/16.png', 'background.js', 'player.html']));
    expect(missingFiles(zip)).toEqual(['icons/128.png', 'launcher.html']);
  });

  it('refuses a zip without a manifest at its root', () => {
    expect(() => readStoreZip(storeZip(null, ['chrome-mv3/manifest.json']))).toThrow(/has no manifest.json at its root/);
  });
});
