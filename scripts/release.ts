/**
 * `npm run release`: the Chrome Web Store package. Builds the extension and zips it with
 * `wxt zip` (.output/<name>-<version>-chrome.zip, the version being package.json's), then checks
 * the zip before anyone uploads it: the manifest's version is package.json's, and every file the
 * manifest names (icons first: the store refuses a package without its 128 px icon) is inside.
 * Prints the zip's path, its size and the time taken. Listing material: docs/store/ (its
 * privacy.html is remade here from privacy.md).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { zip } from 'wxt';
import { markdownPage } from './lib/markdown-page.ts';
import { missingFiles, readStoreZip } from './lib/store-zip.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PRIVACY = resolve(ROOT, 'docs/store/privacy');

async function main(): Promise<void> {
  const started = performance.now();
  // What the store gets is a production build whatever the caller's environment says (under
  // vitest NODE_ENV is 'test', and the Preact preset then compiles JSX with debug source info).
  process.env.NODE_ENV = 'production';
  const { version } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { version: string };
  const [zipPath] = await zip({ root: ROOT, browser: 'chrome', mode: 'production' });
  if (!zipPath) throw new Error('wxt zip made no zip');

  const pkg = readStoreZip(zipPath);
  const problems: string[] = [];
  if (pkg.manifest.version !== version) problems.push(`the manifest says version ${pkg.manifest.version}, package.json ${version}`);
  if (!pkg.manifest.icons?.['128']) problems.push('the manifest has no 128 px icon (the store requires one)');
  for (const path of missingFiles(pkg)) problems.push(`the manifest names ${path}, which is not in the zip`);
  if (problems.length) throw new Error(`${relative(ROOT, zipPath)} is not ready for the store:\n  - ${problems.join('\n  - ')}`);

  // The privacy policy's page (the store asks for its URL) is made from the Markdown, the one source.
  const page = markdownPage(readFileSync(`${PRIVACY}.md`, 'utf8'));
  const pageChanged = !existsSync(`${PRIVACY}.html`) || readFileSync(`${PRIVACY}.html`, 'utf8') !== page;
  if (pageChanged) writeFileSync(`${PRIVACY}.html`, page);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const kb = (statSync(zipPath).size / 1024).toFixed(1);
  console.log(`\nRelease ${version}: ${relative(ROOT, zipPath)} (${kb} KiB, ${Object.keys(pkg.files).length} files), made in ${seconds} s.`);
  console.log('Upload it in the Chrome Web Store developer dashboard; the listing text, permission notes,');
  console.log('privacy policy and screenshots are in docs/store/.');
  if (pageChanged) console.log('docs/store/privacy.html was out of date with privacy.md and is rewritten: publish and commit it.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
