import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedFileSongs, type FileSong } from './file-songs';
import { CODEC_DIR, SOURCE_SECONDS } from './fixtures/codec-pairs';
import { analyse, eventsOf, installTap, openPlayerPage, quietestAround, setShowData, startRecording } from './show-fixtures';
import { openView } from './views-page';

// Short songs at the headless context's rate (44.1 kHz), so nothing is resampled at the seams.
const song = (id: string, title: string, seed: number, seconds = 1.5) => ({
  id,
  title,
  tracks: [noiseTrack(`${id}-t`, { seed, seconds, sampleRate: 44_100 })],
});
const A = song('s-alpha', 'Alpha', 1);
const B = song('s-bravo', 'Bravo', 2);
const C = song('s-charlie', 'Charlie', 3);
const D = song('s-delta', 'Delta', 4);
const E = song('s-echo', 'Echo', 5, 5);
/** One real encoder's file per song (the codec null test's noise, 5 s, 2 ms fades at both ends); the 48 kHz ones are resampled. */
const LOSSY: FileSong[] = [
  ['mp3', 'inverted-44k.mp3', 'audio/mpeg', 44_100],
  ['aac', 'inverted-44k.m4a', 'audio/mp4', 44_100],
  ['vorbis', 'inverted-44k.ogg', 'audio/ogg', 44_100],
  ['opus', 'inverted-48k.opus', 'audio/ogg', 48_000],
  ['flac-48k', 'source-48k.flac', 'audio/flac', 48_000],
].map(([codec, file, mimeType, sampleRate]) => ({
  id: `lossy-${codec}`,
  title: `Lossy ${codec}`,
  tracks: [{ id: `lossy-${codec}-t`, name: 'Noise', fileName: file as string, mimeType: mimeType as string, bytes: readFileSync(join(CODEC_DIR, file as string)), durationSec: SOURCE_SECONDS, sampleRate: sampleRate as number, channels: 1 }],
}));

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;
let offscreen: Page;

beforeAll(async () => {
  ext = await launchExtension();
  player = await openPlayerPage(ext);
  sw = await ext.serviceWorker();
  offscreen = await ext.offscreenPage();
  await installTap(offscreen);
  await seedSongs(player, [A, B, C, D, E]);
  await seedFileSongs(player, LOSSY);
  await setShowData(player, [{ songId: E.id, bpm: 96, timeSignature: '4/4' }, { songId: C.id, bpm: 120 }]);
});

afterAll(async () => {
  await ext?.close();
});

async function waitForStatus(check: (s: Awaited<ReturnType<typeof engineCall<'engine.status'>>>) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const status = await engineCall(sw, 'engine.status');
    if (check(status)) return status;
    if (Date.now() > until) throw new Error(`timed out; last status ${JSON.stringify({ song: status.song?.id, state: status.state })}`);
    await sleep(50);
  }
}

describe('a setlist played through', () => {
  it('segue and continue start the next song on the exact frame; stop waits', async () => {
    await startRecording(offscreen);
    await engineCall(sw, 'engine.setlist', {
      entries: [
        { songId: A.id, end: 'segue' },
        { songId: B.id, end: 'continue' },
        { songId: C.id, end: 'stop' },
        { songId: D.id, end: 'stop' },
      ],
      songId: A.id,
      play: true,
    });
    const last = await waitForStatus((s) => s.song?.id === D.id && s.state === 'stopped');
    expect(last.queue).toEqual({ index: 3, length: 4 });

    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const endA = eventsOf(events, 'end', A.id).at(-1)!;
    const segueB = eventsOf(events, 'segue', B.id).at(-1)!;
    const startA = eventsOf(events, 'start', A.id).at(-1)!;
    const endB = eventsOf(events, 'end', B.id).at(-1)!;
    // 'continue' rides the segue: C (no count-in set) starts on B's end, not when a timer notices it.
    const startC = eventsOf(events, 'segue', C.id).at(-1)!;
    const segueGap = Math.round((segueB.at - endA.at) * sr);
    const continueGap = Math.round((startC.at - endB.at) * sr);
    // A lasted exactly its frames, and B's first frame is the frame after A's last.
    expect(Math.round((endA.at - startA.at) * sr)).toBe(1.5 * 44_100);
    expect(segueGap).toBe(0);
    expect(continueGap).toBe(0);
    expect(eventsOf(events, 'start', D.id)).toHaveLength(0); // stop: D waits, loaded

    // What really came out around both seams: no silent samples and no overlap (noise peaks at 0.5 × −3 dB pan).
    const heard = await analyse(offscreen, { threshold: 0.01, gapSec: 0.05, zerosFrom: endA.at - 0.3, zerosTo: endB.at + 0.3 });
    expect(heard.longestZeros).toBeLessThanOrEqual(2);
    expect(heard.peakBetween).toBeLessThan(0.45);
    console.log(`[setlists] segue gap ${segueGap} samples on the engine clock (longest zero run at the seam in the output: ${heard.longestZeros} samples); continue gap ${continueGap} samples (${((continueGap / sr) * 1000).toFixed(1)} ms)`);
  });
});

describe('setlists in the player', () => {
  const entryTitles = () => player.$$eval('.setlist__entry .setlist__title', (els) => els.map((e) => e.textContent));

  it('creates a setlist, adds songs, reorders by keyboard; Free allows one setlist', async () => {
    await openView(player, 'setlists');
    await player.type('input[aria-label="New setlist name"]', 'Friday');
    await player.click('.setlist__create button[type="submit"]');
    await player.waitForSelector('select[aria-label="Add song"]');
    for (const id of [E.id, B.id, C.id]) {
      await player.select('select[aria-label="Add song"]', id);
      await player.waitForFunction((n) => document.querySelectorAll('.setlist__entry').length === n, { polling: 50 }, [E, B, C].findIndex((s) => s.id === id) + 1);
    }
    expect(await entryTitles()).toEqual(['Echo', 'Bravo', 'Charlie']);

    await player.focus('[data-entry-index="1"]');
    await player.keyboard.down('Alt');
    await player.keyboard.press('ArrowDown');
    await player.keyboard.up('Alt');
    await player.waitForFunction(() => document.querySelector('[data-entry-index="1"] .setlist__title')?.textContent === 'Charlie', { polling: 50 });
    expect(await entryTitles()).toEqual(['Echo', 'Charlie', 'Bravo']);
    // The focus moved with the entry, so Alt+Up puts it back.
    await player.keyboard.down('Alt');
    await player.keyboard.press('ArrowUp');
    await player.keyboard.up('Alt');
    await player.waitForFunction(() => document.querySelector('[data-entry-index="1"] .setlist__title')?.textContent === 'Bravo', { polling: 50 });

    // The plan gate: a second setlist on Free is refused with a reason, nothing is lost.
    await player.type('input[aria-label="New setlist name"]', 'Saturday');
    await player.click('.setlist__create button[type="submit"]');
    const alert = await player.waitForSelector('.setlist__notice');
    expect(await alert!.evaluate((e) => e.textContent)).toMatch(/up to 1 setlist/);
    expect(await player.$$eval('select[aria-label="Setlist"] option', (o) => o.length)).toBe(1);
  });

  it('reorders and skips live during the show without interrupting the song', async () => {
    await player.click('.setlist__editor button:nth-of-type(3)'); // Start show
    await waitForStatus((s) => s.song?.id === E.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await player.waitForFunction(() => document.querySelector('.show__next .show__title')?.textContent === 'Bravo', { polling: 50 });
    expect(await player.$eval('.show__now', (e) => e.textContent)).toMatch(/Echo.*96 BPM/);

    // Move Charlie up to next, live, in the setlists view (starting the show brought up the performance view).
    await openView(player, 'setlists');
    await player.focus('[data-entry-index="2"]');
    await player.keyboard.down('Alt');
    await player.keyboard.press('ArrowUp');
    await player.keyboard.up('Alt');
    await player.waitForFunction(() => document.querySelector('.show__next .show__title')?.textContent === 'Charlie', { polling: 50 });
    let status = await waitForStatus((s) => s.prepared.includes(C.id));
    expect(status).toMatchObject({ state: 'playing', song: { id: E.id } });

    // Skip Charlie: Bravo is next again, and the song still plays.
    await player.click('[data-entry-index="1"] input[type="checkbox"]');
    await player.waitForFunction(() => document.querySelector('.show__next .show__title')?.textContent === 'Bravo', { polling: 50 });
    status = await waitForStatus((s) => s.prepared.includes(B.id));
    expect(status.state).toBe('playing');
    expect(status.queue.length).toBe(2);

    // Echo ends (stop): Bravo is loaded and waits.
    status = await waitForStatus((s) => s.song?.id === B.id);
    expect(status.state).toBe('stopped');
  });
});

describe('a song twice in a setlist', () => {
  it('started from its second entry, Next and Previous go on from that entry', async () => {
    const entries = [A, B, A, C].map((s) => ({ songId: s.id, end: 'stop' as const }));
    await engineCall(sw, 'engine.setlist', { entries, songId: A.id, index: 2 });
    expect((await waitForStatus((s) => s.song?.id === A.id)).queue).toEqual({ index: 2, length: 4 });
    await engineCall(sw, 'engine.transport', { action: 'next' });
    expect((await waitForStatus((s) => s.song?.id === C.id)).queue).toEqual({ index: 3, length: 4 });
    await engineCall(sw, 'engine.transport', { action: 'previous' });
    expect((await waitForStatus((s) => s.song?.id === A.id)).queue).toEqual({ index: 2, length: 4 });
    await engineCall(sw, 'engine.transport', { action: 'previous' });
    expect((await waitForStatus((s) => s.song?.id === B.id)).queue).toEqual({ index: 1, length: 4 });
  });
});

describe('Continue through stems from real encoders', () => {
  it('MP3, AAC, Vorbis, Opus and 48 kHz FLAC songs continue on the exact frame: each lasts its own audio, no priming or padding in between', async () => {
    await startRecording(offscreen);
    await engineCall(sw, 'engine.setlist', { entries: LOSSY.map((s) => ({ songId: s.id, end: 'continue' as const })), songId: LOSSY[0]!.id, play: true });
    const lastId = LOSSY.at(-1)!.id;
    await waitForStatus((s) => s.song?.id === lastId && s.state !== 'playing', 40_000);
    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const rows = LOSSY.map((s, k) => {
      const start = (k === 0 ? eventsOf(events, 'start', s.id) : eventsOf(events, 'segue', s.id)).at(-1)!;
      const end = eventsOf(events, 'end', s.id).at(-1)!;
      return { id: s.id, start: start.at, end: end.at, frames: Math.round((end.at - start.at) * sr) };
    });
    const gaps = rows.slice(1).map((r, k) => Math.round((r.start - rows[k]!.end) * sr));
    const quietest = await quietestAround(offscreen, rows.slice(1).map((r) => r.start));
    console.log(`[setlists] lossy continue: lengths ${rows.map((r) => `${r.id} ${r.frames}`).join(', ')} frames; gaps ${gaps.join(', ')} samples; quietest 64-frame window at each seam ${quietest.map((q) => q.toFixed(1)).join(', ')} dBFS`);
    // Every song is exactly its source's 5 s at the context rate: the decoder's priming and padding are trimmed.
    for (const r of rows) expect(r.frames, r.id).toBe(SOURCE_SECONDS * sr);
    expect(gaps).toEqual(gaps.map(() => 0));
    // At the output the music runs through each seam (its own 2 ms fades dip it to about -37 dBFS);
    // a decoder's silent priming or padding there would sit far below.
    for (const q of quietest) expect(q).toBeGreaterThan(-55);
  }, 60_000);
});
