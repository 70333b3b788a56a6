/// <reference lib="dom" />
// Library figures in real Chromium with the built extension: importing an 8-stem song and
// searching a library of 1,000 songs (results on screen, not just the filter).
import { startTestBackend } from '../tests/e2e/backend.ts';
import { launchExtension } from '../tests/e2e/harness.ts';
import { dropWavs, seedSongRecords, waitForText } from '../tests/e2e/library-page.ts';
import { sized } from './mode.ts';
import { signInAsPremium } from './premium.ts';
import type { Figure } from './report.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function libraryFigures(runs = sized(5, 1), librarySize = sized(1000, 100)): Promise<Figure[]> {
  const backend = await startTestBackend();
  const ext = await launchExtension();
  try {
    const player = await ext.openPlayer();
    // 8 stems are over the Free plan's track limit.
    await signInAsPremium(player, backend);
    // tsx (esbuild keepNames) wraps functions in __name(); functions sent to the page need it too.
    const shim = () => player.evaluate('globalThis.__name ??= (fn) => fn');
    await shim();
    const imports: number[] = [];
    for (let run = 0; run < runs; run++) {
      const stems = ['Kick', 'Snare', 'Bass', 'Keys', 'Pad', 'Guitar', 'Vocals', 'Click'].map((s) => `Bench Song ${run} - ${s}.wav`);
      const started = performance.now();
      await dropWavs(player, stems, 30);
      await waitForText(player, new RegExp(`Imported “Bench Song ${run}” with 8 tracks\\.`), 60_000);
      imports.push(performance.now() - started);
    }

    const words = ['River', 'Mountain', 'Light', 'Shadow', 'Fire', 'Ocean', 'Glory', 'Morning', 'Thunder', 'Harbor'];
    await seedSongRecords(
      player,
      Array.from({ length: librarySize }, (_, i) => ({ id: `bench-${i}`, title: `${words[i % 10]} ${words[Math.floor(i / 10) % 10]} ${i}`, artist: `Band ${i % 37}`, tags: i % 100 === 7 ? ['acoustic'] : [] })),
    );
    await player.reload();
    await shim();
    await waitForText(player, new RegExp(`\\b${librarySize + runs} songs\\b`));
    const searches: number[] = [];
    for (const query of ['acoustic', 'thunder', 'band 12', 'glory morning', 'acoustic']) {
      searches.push(
        await player.evaluate(async (q) => {
          const input = document.querySelector<HTMLInputElement>('input[type=search]')!;
          const before = document.querySelector('.search__count')?.textContent;
          const started = performance.now();
          input.value = q;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          // Results are on screen once the count line changes (one frame at least).
          do await new Promise(requestAnimationFrame);
          while (document.querySelector('.search__count')?.textContent === before);
          return performance.now() - started;
        }, query),
      );
    }
    return [
      { group: 'library', name: 'import of an 8-stem song (8 × 30 s 48 kHz stereo WAV, 46 MB), drop → "Imported", median', value: median(imports), unit: 'ms' },
      { group: 'library', name: `library search on ${librarySize + runs} songs, input → results on screen, median`, value: median(searches), unit: 'ms', target: '≤ 2 frames (33 ms)', pass: median(searches) <= 33.4 },
    ];
  } finally {
    await ext.close();
    await backend.close();
  }
}
