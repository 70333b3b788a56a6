// This file drives pages (DOM, chrome.*) and imports the e2e harness, so it needs their types
// even though the root project (backend, node) compiles it.
/// <reference lib="dom" />
/// <reference types="chrome" />
// The stage player's latency figures, in real Chromium with the built extension, measured where
// the sound is: at the output tap (tests/e2e/output-tap.ts) on what reaches the destination.
//   - Space in the focused player page -> the first non-zero sample at the output;
//   - a chrome.commands press (play-pause) -> the same;
//   - a chrome.commands "next" while playing a silent song -> the prepared next song's first sample.
// Standalone: `tsx bench/player.ts`.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, WebWorker } from 'puppeteer-core';
import { engineCall, noiseTrack, seedSongs, sleep, type SongSpec } from '../tests/e2e/engine-fixtures.ts';
import { outputClock, outputEpochOf, receiptOf, startRecording } from '../tests/e2e/output-tap.ts';
import { sized } from './mode.ts';
import { writeReport, type Figure } from './report.ts';
import { percentile } from './signal.ts';
import { firstSound, withTappedPlayer } from './tap.ts';

const GROUP = 'player';
const PRESSES = sized(30, 5);
const SWITCHES = sized(12, 3);
/** Time a next song gets to decode its first seconds once the engine lists it as prepared. */
const PREPARE_MS = 1_500;
/** How long a press may take to become sound before it counts as lost. */
const PRESS_TIMEOUT_MS = 2_000;

export async function playerFigures(): Promise<Figure[]> {
  return withTappedPlayer(async ({ player, sw, offscreen }) => [...(await pressLatency(player, sw, offscreen)), ...(await switchLatency(player, sw, offscreen))]);
}

interface Press {
  /** Epoch ms of the press: the keydown's event time in the player page, or the dispatch in the service worker. */
  pressedAt: number;
  /** Epoch ms at which the first non-zero sample leaves the output (getOutputTimestamp mapping). */
  soundAt: number;
  /** The same, in frames, from the engine's receipt of the message to that sample (render clock). */
  receiptToSoundMs: number;
}

/**
 * Plays until every stem has its first audio decoded, then pauses: the figures are for a
 * prepared song (a Play before that waits for the decode).
 */
async function untilPrepared(sw: WebWorker, timeoutMs = 20_000): Promise<void> {
  const since = Date.now();
  for (;;) {
    await engineCall(sw, 'engine.transport', { action: 'play' });
    const started = (await engineCall(sw, 'engine.status')).lastCommand?.startedAt ?? null;
    await engineCall(sw, 'engine.transport', { action: 'pause' });
    if (started !== null) return;
    if (Date.now() - since > timeoutMs) throw new Error(`The song was not prepared within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/**
 * One press from a paused, silent output: records at the tap, presses, and finds the first
 * non-zero sample. The press's epoch time goes onto the output's clock through
 * getOutputTimestamp() (see outputEpochOf): latency = output epoch of that sample - press epoch.
 * Both epochs are performance.timeOrigin + performance.now() of extension contexts of one
 * browser (the player page or service worker, and the offscreen document).
 */
async function pressOnce(sw: WebWorker, offscreen: Page, press: () => Promise<number>, type: string, action: string): Promise<Press> {
  await engineCall(sw, 'engine.transport', { action: 'pause' });
  await sleep(150);
  await startRecording(offscreen);
  await sleep(60); // some recorded silence before the press, to show the output was silent
  const pressedAt = await press();
  const since = Date.now();
  let sound: Awaited<ReturnType<typeof firstSound>> | undefined;
  for (;;) {
    await sleep(100);
    const state = (await engineCall(sw, 'engine.status')).state;
    if (state === 'playing' || Date.now() - since > PRESS_TIMEOUT_MS) {
      await sleep(100);
      sound = await firstSound(offscreen);
      break;
    }
  }
  if (!sound.silentBefore) throw new Error('The output was not silent before the press (the pause did not silence it)');
  if (sound.frame === null) throw new Error(`No sound reached the output within ${PRESS_TIMEOUT_MS} ms of the press`);
  const clock = await outputClock(offscreen);
  const receipt = await receiptOf(offscreen, type, action, pressedAt - 50);
  if (!receipt) throw new Error(`The engine received no ${type} ${action} after the press`);
  return {
    pressedAt,
    soundAt: outputEpochOf(clock, sound.frame),
    receiptToSoundMs: ((sound.frame - receipt.frame) / clock.sampleRate) * 1000,
  };
}

async function pressLatency(player: Page, sw: WebWorker, offscreen: Page): Promise<Figure[]> {
  const song: SongSpec = { id: 'bench-start', title: 'Bench Start', tracks: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => noiseTrack(`start-${i}`, { seed: i, seconds: 60 })) };
  await seedSongs(player, [song]);
  await engineCall(sw, 'engine.load', { songId: song.id, queue: [song.id] });
  await untilPrepared(sw);

  // A real key press in the focused player page; its keydown's event time is the press.
  await player.bringToFront();
  await player.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.code === 'Space') (globalThis as unknown as { __keyAt: number }).__keyAt = performance.timeOrigin + e.timeStamp;
    }, { capture: true });
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const viaKey = async () => {
    await player.keyboard.press('Space');
    return player.evaluate(() => (globalThis as unknown as { __keyAt: number }).__keyAt);
  };
  // chrome.commands, as Chrome delivers a global shortcut to the service worker.
  const viaCommand = () =>
    sw.evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch('play-pause');
      return at;
    });

  const keys: Press[] = [];
  const commands: Press[] = [];
  const retriedBefore = (await engineCall(sw, 'engine.status')).counters.retriedStarts;
  for (let i = 0; i < PRESSES; i++) {
    keys.push(await pressOnce(sw, offscreen, viaKey, 'engine.transport', 'play-pause'));
    commands.push(await pressOnce(sw, offscreen, viaCommand, 'engine.transport', 'play-pause'));
  }
  const retried = (await engineCall(sw, 'engine.status')).counters.retriedStarts - retriedBefore;
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  const clock = await outputClock(offscreen);
  const outputMs = clock.outputLatency * 1000;
  const target = 15 + outputMs;
  const rows = (what: string, presses: Press[]): Figure[] => {
    const total = presses.map((p) => p.soundAt - p.pressedAt);
    const median = percentile(total, 50);
    return [
      {
        group: GROUP,
        name: `${what} -> first non-zero sample leaving the output (tap at the destination, frame put on the output clock by getOutputTimestamp), prepared 8-stem song, median of ${presses.length}`,
        value: median, unit: 'ms', target: `≤ 15 ms + output latency = ${target.toFixed(1)} ms`, pass: median <= target,
      },
      { group: GROUP, name: `${what} -> first sample at the output, p95`, value: percentile(total, 95), unit: 'ms' },
      { group: GROUP, name: `${what}: engine receives the message -> first non-zero sample rendered (context frames), median`, value: percentile(presses.map((p) => p.receiptToSoundMs), 50), unit: 'ms' },
    ];
  };
  return [
    ...rows('Space keydown in the focused player page', keys),
    ...rows('chrome.commands play-pause dispatched in the service worker', commands),
    {
      group: GROUP,
      name: `presses whose start was made again further ahead (the audio thread reached the first frame before every stem was in), of ${2 * PRESSES}`,
      value: retried, unit: 'presses',
    },
    { group: GROUP, name: 'AudioContext.baseLatency (reported beside the press figures)', value: clock.baseLatency * 1000, unit: 'ms' },
    { group: GROUP, name: 'AudioContext.outputLatency (reported; included in the press figures)', value: outputMs, unit: 'ms' },
  ];
}

/**
 * Next song while playing, the next song prepared: the chrome.commands "next" dispatch -> the new
 * song's first non-zero sample at the output. The song playing at the press is digitally silent
 * (8 stems of zeros, decoded and scheduled like any other), so the first non-zero sample after the
 * press can only be the new song's, whatever fade or overlap the switch makes. The queue
 * alternates silent and noise songs; only silent -> noise switches are measured.
 */
async function switchLatency(player: Page, sw: WebWorker, offscreen: Page): Promise<Figure[]> {
  const songs: SongSpec[] = Array.from({ length: 2 * SWITCHES }, (_, s) => ({
    id: `bench-next-${s}`,
    title: `Bench Next ${s}`,
    tracks: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => noiseTrack(`next-${s}-${i}`, { seed: s * 10 + i, seconds: 20, amplitude: s % 2 === 0 ? 0 : 0.5 })),
  }));
  await seedSongs(player, songs);
  const queue = songs.map((s) => s.id);
  const untilPreparedSong = async (id: string) => {
    for (let t = 0; !(await engineCall(sw, 'engine.status')).prepared.includes(id); t++) {
      if (t > 300) throw new Error(`${id} was never prepared`);
      await sleep(20);
    }
    // `prepared` lists a song as soon as it starts opening, not when its first seconds are
    // decoded (as EngineStatus documents): give the decode time, as a set break would.
    await sleep(PREPARE_MS);
  };
  const next = () =>
    sw.evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch('next');
      return at;
    });
  await engineCall(sw, 'engine.load', { songId: queue[0]!, queue, play: true });
  const total: number[] = [];
  const inEngine: number[] = [];
  for (let i = 0; i + 1 < queue.length; i += 2) {
    const silent = queue[i]!;
    const loud = queue[i + 1]!;
    if ((await engineCall(sw, 'engine.status')).song?.id !== silent) throw new Error(`Expected ${silent} to be playing`);
    await untilPreparedSong(loud);
    await startRecording(offscreen);
    await sleep(60);
    const pressedAt = await next();
    for (let t = 0; ; t++) {
      const status = await engineCall(sw, 'engine.status');
      if (status.song?.id === loud && status.state === 'playing') break;
      if (t > 100) throw new Error(`next did not switch to ${loud} within 2 s (engine: ${status.song?.id} ${status.state})`);
      await sleep(20);
    }
    await sleep(100);
    const sound = await firstSound(offscreen);
    if (!sound.silentBefore) throw new Error('The silent song was not silent at the output');
    if (sound.frame === null) throw new Error(`No sound at the output after next switched to ${loud} (recorded ${sound.recordedFrom}–${sound.recordedTo})`);
    const clock = await outputClock(offscreen);
    const receipt = await receiptOf(offscreen, 'engine.transport', 'next', pressedAt - 50);
    if (!receipt) throw new Error('The engine received no next');
    total.push(outputEpochOf(clock, sound.frame) - pressedAt);
    inEngine.push(((sound.frame - receipt.frame) / clock.sampleRate) * 1000);
    if (i + 2 < queue.length) {
      await untilPreparedSong(queue[i + 2]!);
      await next();
      await sleep(200);
    }
  }
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  const median = percentile(total, 50);
  // Like the press figures: the output latency (the device's, outside the player) is added to the target.
  const target = 25 + (await outputClock(offscreen)).outputLatency * 1000;
  return [
    {
      group: GROUP,
      name: `next song (prepared: listed by the engine ≥ ${PREPARE_MS / 1000} s before, 8 stems) while playing: chrome.commands next -> its first non-zero sample leaving the output, median of ${total.length}`,
      value: median, unit: 'ms', target: `≤ 25 ms + output latency = ${target.toFixed(1)} ms`, pass: median <= target,
    },
    { group: GROUP, name: 'next song switch -> first sample at the output, p95', value: percentile(total, 95), unit: 'ms' },
    { group: GROUP, name: 'next song: engine receives next -> first non-zero sample rendered (context frames), median', value: percentile(inEngine, 50), unit: 'ms' },
  ];
}

// ---------- standalone ----------

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const figures = await playerFigures();
  const seconds = Math.round((Date.now() - started) / 1000);
  const md = await writeReport(join(import.meta.dirname, 'results/player'), [{ group: GROUP, seconds, figures }], {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    'total time': `${Math.round((Date.now() - started) / 1000)} s`,
  });
  console.log(md);
}
