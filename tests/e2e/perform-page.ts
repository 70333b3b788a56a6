/** A song as a show has it (stems, markers, lyrics) in a setlist, for the performance view's test and bench. */
import type { Page } from 'puppeteer-core';
import { LIBRARY_DB_NAME } from '../../extension/db/db.ts';
import { noiseTrack, seedSongs, type SongSpec } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { seedSongRecords } from './library-page';
import { openPlayerPage, setShowData } from './show-fixtures';

const track = (songId: string, name: string, seed: number, seconds: number) => ({ ...noiseTrack(`${songId}-${name}`, { seed, seconds, sampleRate: 44_100 }), name });

/** Eight stems (a full band's, so the compact mixer is tested full), four markers, eight lyric lines 4 s apart; two short songs after it. */
export function showSongs(seconds = 40) {
  const main: SongSpec = { id: 's-harbour', title: 'Harbour Lights', artist: 'The Night Shift', tracks: ['Drums', 'Bass', 'Guitar', 'Keys', 'Vocals', 'Backing', 'Click', 'Guide'].map((n, i) => track('s-harbour', n, i + 1, seconds)) };
  const next: SongSpec = { id: 's-open-road', title: 'Open Road', tracks: [track('s-open-road', 'Mix', 9, 5)] };
  const last: SongSpec = { id: 's-last-call', title: 'Last Call', tracks: [track('s-last-call', 'Mix', 11, 5)] };
  const markers = [
    { name: 'Intro', time: 0 },
    { name: 'Verse', time: seconds * 0.2 },
    { name: 'Chorus', time: seconds * 0.5 },
    { name: 'Outro', time: seconds * 0.8 },
  ];
  const words = ['Lights along the harbour wall', 'Waiting for the evening call', 'Every boat is coming home', 'None of us will walk alone', 'Hold the line and hold it long', 'Sing it back into the song'];
  const lyrics = Array.from({ length: Math.max(8, Math.floor(seconds / 4)) }, (_, i) => ({ time: 0.5 + i * 4, text: words[i % words.length]! }));
  return { main, next, last, markers, lyrics };
}

/** Seeds the songs, the main song's markers and BPM, and its lyrics (as the lyrics editor stores them); reload to see them. */
export async function seedShow(page: Page, show: ReturnType<typeof showSongs>): Promise<void> {
  await seedSongs(page, [show.main, show.next, show.last]);
  await setShowData(page, [{ songId: show.main.id, bpm: 92, markers: show.markers }]);
  await page.evaluate(
    async (name, songId, lines) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
      const tx = db.transaction('lyrics', 'readwrite');
      tx.objectStore('lyrics').put({ songId, lines, updatedAt: Date.now() });
      await new Promise((ok) => (tx.oncomplete = ok));
      db.close();
    },
    LIBRARY_DB_NAME,
    show.main.id,
    show.lyrics,
  );
}

/**
 * A browser with the extension, its player at `viewport` with `show` seeded (and `more` song
 * records listed around it), reloaded so the page reads them: the performance view's starting point.
 */
export async function openShowPlayer(
  show: ReturnType<typeof showSongs>,
  viewport: { width: number; height: number },
  more: Parameters<typeof seedSongRecords>[1] = [],
): Promise<{ ext: ExtensionHarness; sw: Awaited<ReturnType<ExtensionHarness['serviceWorker']>>; player: Page }> {
  const ext = await launchExtension();
  const player = await openPlayerPage(ext);
  const sw = await ext.serviceWorker();
  await seedShow(player, show);
  if (more.length) await seedSongRecords(player, more);
  await player.reload();
  await player.setViewport(viewport);
  return { ext, sw, player };
}
