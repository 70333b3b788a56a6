/**
 * Reads a store package (the zip `npm run release` makes): its manifest and file list, and which
 * files the manifest names that the zip lacks. Shared by the release script and the e2e test
 * that installs the extension from the zip.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

export interface StoreManifest {
  version: string;
  icons?: Record<string, string>;
  action?: { default_icon?: Record<string, string> | string; default_popup?: string };
  background?: { service_worker?: string };
  side_panel?: { default_path?: string };
}

export interface StoreZip {
  manifest: StoreManifest;
  /** Path -> bytes of every file in the zip. */
  files: Record<string, Uint8Array>;
}

export function readStoreZip(zipPath: string): StoreZip {
  const files = unzipSync(readFileSync(zipPath));
  const manifest = files['manifest.json'];
  if (!manifest) throw new Error(`${zipPath} has no manifest.json at its root`);
  return { manifest: JSON.parse(new TextDecoder().decode(manifest)) as StoreManifest, files };
}

/** Every file the manifest points at (icons, action icon and popup, worker, side panel). */
export function manifestFiles(manifest: StoreManifest): string[] {
  const icon = manifest.action?.default_icon;
  return [
    ...Object.values(manifest.icons ?? {}),
    ...(typeof icon === 'string' ? [icon] : Object.values(icon ?? {})),
    manifest.action?.default_popup,
    manifest.background?.service_worker,
    manifest.side_panel?.default_path,
  ].filter((path): path is string => !!path).map((path) => path.replace(/^\//, ''));
}

export function missingFiles(zip: StoreZip): string[] {
  return [...new Set(manifestFiles(zip.manifest))].filter((path) => !zip.files[path]);
}
