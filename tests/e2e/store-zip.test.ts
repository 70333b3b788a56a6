/**
 * The store package installs and runs from the zip alone: `npm run release` makes the zip, the
 * test unzips it into an empty folder and loads only that folder in Chromium, then does what a new
 * user does: opens the player from the toolbar, imports a song through the file picker, presses
 * Play, and the song reaches the audio output (the output tap). The toolbar icon follows: playing,
 * idle after Stop, a problem when a stem fails to decode.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_ICONS, IDLE_TITLE } from '../../extension/background/action-state.ts';
import type { engineTestHooks } from '../../extension/engine/decode/test-hooks.ts';
import { manifestFiles, missingFiles, readStoreZip, type StoreZip } from '../../scripts/lib/store-zip.ts';
import { engineCall } from './engine-fixtures';
import { FIXTURE_DIR } from './fixtures/formats';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, uploadFiles, waitForText } from './library-page';
import { analyse, installTap, startRecording } from './output-tap';
import { openView } from './views-page';

const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

let zipPath: string;
let pkg: StoreZip;
let unpacked: string;
let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  // The release command itself, as a maintainer runs it (it builds, zips and checks).
  const release = spawnSync(process.execPath, [join(ROOT, 'scripts/release.ts')], { cwd: ROOT, encoding: 'utf8' });
  if (release.status !== 0) throw new Error(`npm run release failed:\n${release.stdout}\n${release.stderr}`);
  const line = /^Release .+$/m.exec(release.stdout)?.[0];
  console.log(`[store-zip] ${line}`);
  zipPath = join(ROOT, /: (\S+\.zip) \(/.exec(line ?? '')?.[1] ?? '');
  pkg = readStoreZip(zipPath);

  // Only the zip's files, in a folder of their own: nothing from the build output can help.
  unpacked = realpathSync(mkdtempSync(join(tmpdir(), 'stagetracker-zip-')));
  for (const [path, bytes] of Object.entries(pkg.files)) {
    if (path.endsWith('/')) continue;
    mkdirSync(dirname(join(unpacked, path)), { recursive: true });
    writeFileSync(join(unpacked, path), bytes);
  }
  ext = await launchExtension({ extensionDir: unpacked });
  sw = await ext.serviceWorker();
}, 120_000);

afterAll(async () => {
  await ext?.close();
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
});

const actionTitle = () => sw.evaluate(() => chrome.action.getTitle({}));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array | undefined): [number, number] | null {
  if (!bytes || new TextDecoder().decode(bytes.subarray(1, 4)) !== 'PNG') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('the store zip', () => {
  it('is named and versioned from package.json, and holds every file its manifest names', () => {
    expect(zipPath.endsWith(`stagetracker-pro-${version}-chrome.zip`)).toBe(true);
    expect(pkg.manifest.version).toBe(version);
    expect(missingFiles(pkg)).toEqual([]);
    expect(manifestFiles(pkg.manifest).length).toBeGreaterThan(6);
  });

  it('is a production build: no script names a path on the machine that built it', () => {
    // A development build (e.g. NODE_ENV=test) compiles JSX with its source file's absolute path.
    const leaking = Object.entries(pkg.files).filter(([path, bytes]) => /\.(js|html)$/.test(path) && new TextDecoder().decode(bytes).includes(ROOT));
    expect(leaking.map(([path]) => path)).toEqual([]);
  });

  it('carries the icons: 16, 32, 48 and 128 px, and the toolbar’s state icons, each a PNG of its size', () => {
    expect(Object.keys(pkg.manifest.icons ?? {}).sort()).toEqual(['128', '16', '32', '48']);
    const named = [...Object.entries(pkg.manifest.icons ?? {}), ...Object.values(ACTION_ICONS).flatMap((icons) => Object.entries(icons))];
    for (const [size, path] of named) expect(pngSize(pkg.files[path]), path).toEqual([Number(size), Number(size)]);
    expect(pkg.manifest.action?.default_icon).toEqual(ACTION_ICONS.idle);
  });
});

describe('installed from the zip alone', () => {
  it('runs from the unzipped folder', async () => {
    const loaded = [...(await ext.browser.extensions()).values()];
    expect(loaded.map((e) => e.path)).toEqual([unpacked]);
    expect(await sw.evaluate(() => chrome.runtime.getManifest().version)).toBe(version);
    expect(await actionTitle()).toBe(IDLE_TITLE);
  });

  it('opens from the toolbar, imports a song and plays it to the audio output', async () => {
    player = await ext.openPlayer();
    await waitForText(player, /Engine ready · [1-9]\d+ Hz/);
    const offscreen = await ext.offscreenPage();
    await installTap(offscreen);

    // Opus decodes in the bundled worker through WebCodecs: the zip must carry that worker too.
    await uploadFiles(player, [join(FIXTURE_DIR, 'tone.opus')]);
    expect(await waitForText(player, /Imported .+ with \d+ tracks?\.|Nothing was imported\./, 30_000)).toContain('Imported “tone” with 1 track.');
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).song?.title).toBe('tone');

    await startRecording(offscreen);
    await openView(player, 'perform');
    await player.locator(byRole('button', 'Play/Pause')).click();
    await expect.poll(actionTitle).toBe('StageTracker Pro: playing “tone”');
    // The fixture is one second of a 440 Hz sine at -18 dBFS; it ends by itself.
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).state, { timeout: 5_000 }).not.toBe('playing');
    // Sound at the output: samples above 0.05 (-26 dBFS), where the sine peaks at 0.125.
    const heard = await analyse(offscreen, { threshold: 0.05, gapSec: 0.1 });
    console.log(`[store-zip] output: ${heard.onsets.length} onset(s) above 0.05, the first at ${heard.onsets[0]?.at.toFixed(3)} s (context time, ${heard.sampleRate} Hz)`);
    expect(heard.onsets.length).toBeGreaterThanOrEqual(1);
    await expect.poll(actionTitle).toBe(IDLE_TITLE);
  });

  // A song whose only stem cannot be decoded "ended" at once and, when the library listed another song
  // after it (two imports titled "tone": their order varied), the show ran on into that one and the
  // problem cleared. Such a song now stops where it failed and keeps the problem on the toolbar.
  it('shows a problem on the toolbar when a stem cannot be decoded, and idle again once the song is fine', async () => {
    const offscreen = await ext.offscreenPage();
    type Hooks = typeof engineTestHooks;
    const hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __engineTestHooks: Hooks }).__engineTestHooks);
    const importTone = async () => {
      const before = (await engineCall(sw, 'engine.status')).song?.id;
      await uploadFiles(player, [join(FIXTURE_DIR, 'tone.opus')]);
      await waitForText(player, /Imported “tone” with 1 track\./, 30_000);
      // The new import is what the engine holds (not the earlier "tone") before Play is pressed.
      await expect.poll(async () => (await engineCall(sw, 'engine.status')).song?.id, { timeout: 10_000 }).not.toBe(before);
    };
    try {
      // A fresh import is loaded at once (its first seconds decoded): this one's decoder fails.
      await hooks.evaluate((h) => h.setDecodeFailure('opus', 0));
      await importTone();
      await openView(player, 'perform');
      await player.locator(byRole('button', 'Play/Pause')).click();
      await expect.poll(actionTitle, { timeout: 10_000 }).toMatch(/^StageTracker Pro: tone stopped at 0:00: its file could not be decoded/);
    } finally {
      await hooks.evaluate((h) => h.setDecodeFailure(null));
    }
    // The next song starts clean: no dropouts, so the problem clears.
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await importTone();
    await expect.poll(actionTitle, { timeout: 10_000 }).toBe(IDLE_TITLE);
  });
});
