/// <reference lib="dom" />
// Waveform figures in real Chromium with the built extension, for an 8-stem, 5-minute song: how
// long the import takes until "Imported" (the peaks are no longer part of it), how long until every
// track's peaks are stored (made in the background after the save, each decode timed in the page),
// and the bytes the waveforms add to the library.
import { join } from 'node:path';
import { PEAKS_MEASURE } from '../extension/waveform/peaks.ts';
import { startTestBackend } from '../tests/e2e/backend.ts';
import { launchExtension } from '../tests/e2e/harness.ts';
import { uploadFiles, waitForText } from '../tests/e2e/library-page.ts';
import { opusStems, stemFile } from './fixtures.ts';
import { sized } from './mode.ts';
import { signInAsPremium } from './premium.ts';
import type { Figure } from './report.ts';

const STEMS = 8;

export async function waveformFigures(seconds = sized(300, 10)): Promise<Figure[]> {
  const dir = opusStems(STEMS, seconds);
  const backend = await startTestBackend();
  const ext = await launchExtension();
  try {
    const player = await ext.openPlayer();
    await signInAsPremium(player, backend); // 8 stems are over the Free plan's track limit
    const started = performance.now();
    await uploadFiles(player, Array.from({ length: STEMS }, (_, i) => join(dir, stemFile(i))));
    await waitForText(player, new RegExp(`Imported .+ with ${STEMS} tracks\\.`), 10 * 60_000);
    const importMs = performance.now() - started;
    // Every track's peaks stored: polled in the page every 100 ms (a light read of the tracks store).
    await player.waitForFunction((name, count) => performance.getEntriesByName(name).length >= count, { polling: 100, timeout: 10 * 60_000 }, PEAKS_MEASURE, STEMS);
    const peaksReadyMs = performance.now() - started;
    const peaksMs = await player.evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), PEAKS_MEASURE);
    if (peaksMs.length !== STEMS) throw new Error(`expected ${STEMS} peak computations, the page timed ${peaksMs.length}`);
    const bytes = await player.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('stagetracker');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tracks = await new Promise<{ peaks?: Int8Array }[]>((resolve) => {
        const request = db.transaction('tracks').objectStore('tracks').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return tracks.map((t) => t.peaks?.byteLength ?? 0);
    });
    const total = peaksMs.reduce((a, b) => a + b, 0);
    const what = `${STEMS} × ${seconds / 60 >= 1 ? `${seconds / 60} min` : `${seconds} s`} 48 kHz stereo Opus`;
    return [
      { group: 'waveform', name: `import of the song, pick → "Imported" (song saved; peaks not included), ${what}`, value: importMs, unit: 'ms' },
      { group: 'waveform', name: `pick → peaks ready (every track's peaks stored, made in the background after the save), ${what}`, value: peaksReadyMs, unit: 'ms' },
      { group: 'waveform', name: `peaks after the save (full decode + min/max), ${what}, all stems`, value: total, unit: 'ms' },
      { group: 'waveform', name: `peaks after the save, slowest stem of ${what}`, value: Math.max(...peaksMs), unit: 'ms' },
      // Under load the milliseconds swell; the speed against real time says how much audio a second of import decodes.
      { group: 'waveform', name: `peaks decode speed, ${what}, audio seconds per second of decoding`, value: (STEMS * seconds) / (total / 1000), unit: '× real time' },
      { group: 'waveform', name: `peaks stored for the song (${bytes.length} tracks)`, value: bytes.reduce((a, b) => a + b, 0), unit: 'bytes' },
    ];
  } finally {
    await ext.close();
    await backend.close();
  }
}
