/**
 * Rasterises the extension's icons: the SVG sources in extension/icons/ become the PNGs the
 * manifest and the toolbar action name, in extension/public/icons/. Chromium draws them (the
 * browser the e2e tests use, found the same way), so the pixels are Chromium's own SVG rendering.
 * The PNGs are committed: a build needs no browser. Run `npm run icons` after editing an SVG.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch } from 'puppeteer-core';
import { findBrowser } from './lib/find-browser.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCES = join(ROOT, 'extension/icons');
const OUT = join(ROOT, 'extension/public/icons');

interface Output {
  file: string;
  size: number;
  /** Transparent margin (px): the store's 128 px icon holds 96 px of art (Chrome Web Store guideline). */
  padding?: number;
  /** SVG sources drawn in order, each over the whole icon. */
  layers: string[];
}

// 16 and 32 px (the toolbar at 1x and 2x) use the small mark drawn on the 16 px grid.
const OUTPUTS: Output[] = [
  { file: '16.png', size: 16, layers: ['mark-small'] },
  { file: '32.png', size: 32, layers: ['mark-small'] },
  { file: '48.png', size: 48, layers: ['mark'] },
  { file: '128.png', size: 128, padding: 16, layers: ['mark'] },
  ...(['playing', 'problem'] as const).flatMap((state) =>
    [16, 32].map((size) => ({ file: `${state}-${size}.png`, size, layers: ['mark-small', `badge-${state}`] })),
  ),
];

async function main(): Promise<void> {
  const started = performance.now();
  const browser = await launch({
    executablePath: findBrowser(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    mkdirSync(OUT, { recursive: true });
    for (const output of OUTPUTS) {
      const svgs = output.layers.map((name) => readFileSync(join(SOURCES, `${name}.svg`), 'utf8'));
      const dataUrl = await page.evaluate(
        async (svgs, size, padding) => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = size;
          const ctx = canvas.getContext('2d')!;
          for (const svg of svgs) {
            const image = new Image();
            image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
            await image.decode();
            // Drawn at the target size, so the vector is rasterised there (not scaled from a bitmap).
            ctx.drawImage(image, padding, padding, size - 2 * padding, size - 2 * padding);
          }
          return canvas.toDataURL('image/png');
        },
        svgs,
        output.size,
        output.padding ?? 0,
      );
      const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
      writeFileSync(join(OUT, output.file), png);
      console.log(`  extension/public/icons/${output.file}  ${output.size}×${output.size}  ${png.length} B`);
    }
  } finally {
    await browser.close();
  }
  console.log(`${OUTPUTS.length} icons in ${Math.round(performance.now() - started)} ms`);
}

await main();
