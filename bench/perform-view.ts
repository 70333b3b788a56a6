/// <reference lib="dom" />
/**
 * The performance view's frames while a setlist plays (1280×800, a five-stem song with markers,
 * lyrics and the compact mixer's meters moving): requestAnimationFrame intervals (a dropped frame
 * shows as an interval of two vsyncs), each frame's rendering work (the rAF callback to the first
 * task after that frame's style, layout and paint), and long animation frames (PerformanceObserver
 * 'long-animation-frame', frames over 50 ms, with their scripts' time).
 */
import type { Page } from 'puppeteer-core';
import { engineCall, sleep } from '../tests/e2e/engine-fixtures.ts';
import { launchExtension } from '../tests/e2e/harness.ts';
import { seedShow, showSongs } from '../tests/e2e/perform-page.ts';
import { openPlayerPage } from '../tests/e2e/show-fixtures.ts';
import { openView } from '../tests/e2e/views-page.ts';
import { sized } from './mode.ts';
import type { Figure } from './report.ts';

const GROUP = 'perform-view';
const PLAY_SECONDS = sized(60, 5);
const VSYNC_MS = 1000 / 60;
const FRAME_BUDGET_MS = 16;

interface FrameStats {
  intervals: number[];
  work: number[];
  loaf: { duration: number; blocking: number; scripts: number; longest: string }[];
}

export async function performViewFigures(): Promise<Figure[]> {
  const ext = await launchExtension();
  try {
    const player = await openPlayerPage(ext);
    const sw = await ext.serviceWorker();
    const show = showSongs(PLAY_SECONDS + 15);
    await seedShow(player, show);
    await player.evaluate(async (songIds) => {
      const Dexie = (globalThis as unknown as { Dexie: new (name: string) => { open(): Promise<unknown>; table(name: string): { put(v: object): Promise<unknown> }; close(): void } }).Dexie;
      const db = new Dexie('stagetracker');
      await db.open();
      await db.table('setlists').put({ id: 'bench-set', name: 'Bench set', entries: songIds.map((songId) => ({ songId, end: 'stop', skip: false })), createdAt: 0, updatedAt: 0 });
      db.close();
    }, [show.main.id, show.next.id, show.last.id]);
    await player.setViewport({ width: 1280, height: 800 });
    await player.reload();
    await player.bringToFront();
    // The performer's path: start the show in the setlists view; the performance view comes up.
    await openView(player, 'setlists');
    await player.locator('::-p-aria([name="Start show"][role="button"])').click();
    await player.waitForSelector('#view-perform:not([hidden]) .stage-lyrics', { timeout: 20_000 });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await player.waitForFunction(() => document.querySelectorAll('#view-perform .strip').length >= 9, { polling: 100 });
    await sleep(1_000); // past the first decode and layout
    const stats = await recordFrames(player, PLAY_SECONDS);
    const status = await engineCall(sw, 'engine.status');
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    if (status.state !== 'playing') throw new Error(`The song stopped during the measurement (${status.state})`);
    return figuresOf(stats);
  } finally {
    await ext.close();
  }
}

async function recordFrames(page: Page, seconds: number): Promise<FrameStats> {
  // tsx names the page function's inner functions with its __name helper, which the page lacks.
  await page.evaluate('globalThis.__name ??= (f) => f');
  return page.evaluate(async (ms) => {
    const stats = { intervals: [] as number[], work: [] as number[], loaf: [] as { duration: number; blocking: number; scripts: number; longest: string }[] };
    const observer = new PerformanceObserver((list) => {
      type Script = { duration: number; invoker: string; sourceFunctionName: string };
      for (const entry of list.getEntries() as (PerformanceEntry & { blockingDuration: number; renderStart: number; scripts: Script[] })[]) {
        const top = [...entry.scripts].sort((a, b) => b.duration - a.duration)[0];
        const longest = top ? `${top.invoker} ${top.sourceFunctionName} ${top.duration.toFixed(0)} ms` : 'no script';
        stats.loaf.push({ duration: entry.duration, blocking: entry.blockingDuration, scripts: entry.scripts.reduce((sum, s) => sum + s.duration, 0), longest });
      }
    });
    observer.observe({ type: 'long-animation-frame', buffered: false });
    const channel = new MessageChannel();
    let frameStart = 0;
    // The first task after a frame runs once its style, layout and paint are done.
    channel.port1.onmessage = () => stats.work.push(performance.now() - frameStart);
    await new Promise<void>((done) => {
      const until = performance.now() + ms;
      let last = 0;
      const tick = (time: number) => {
        if (last) stats.intervals.push(time - last);
        last = time;
        frameStart = performance.now();
        channel.port2.postMessage(null);
        if (performance.now() < until) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    observer.disconnect();
    return stats;
  }, seconds * 1000);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

function figuresOf({ intervals, work, loaf }: FrameStats): Figure[] {
  const longestWork = Math.max(...work);
  const longestInterval = Math.max(...intervals);
  const dropped = intervals.filter((i) => i > VSYNC_MS * 1.5).length;
  for (const l of [...loaf].sort((a, b) => b.duration - a.duration).slice(0, 5)) console.log(`[perform-view] long frame ${l.duration.toFixed(0)} ms: scripts ${l.scripts.toFixed(0)} ms, longest ${l.longest}`);
  const what = `performance view playing ${PLAY_SECONDS} s at 1280×800 (8 stems, lyrics, markers, compact mixer; ${intervals.length} frames)`;
  return [
    { group: GROUP, name: `${what}: longest frame's rendering work (rAF to the first task after the frame)`, value: longestWork, unit: 'ms', target: `≤ ${FRAME_BUDGET_MS} ms`, pass: longestWork <= FRAME_BUDGET_MS },
    { group: GROUP, name: 'frame rendering work, p99', value: percentile(work, 99), unit: 'ms' },
    { group: GROUP, name: 'frame rendering work, median', value: percentile(work, 50), unit: 'ms' },
    { group: GROUP, name: `longest requestAnimationFrame interval (one vsync is ${VSYNC_MS.toFixed(1)} ms; the machine's other load shows here too)`, value: longestInterval, unit: 'ms' },
    { group: GROUP, name: `frames that came more than 1.5 vsyncs after the one before, of ${intervals.length}`, value: dropped, unit: 'frames' },
    { group: GROUP, name: 'long animation frames (> 50 ms, PerformanceObserver long-animation-frame)', value: loaf.length, unit: 'frames', target: '0', pass: loaf.length === 0 },
    { group: GROUP, name: 'longest long animation frame (0: none)', value: Math.max(0, ...loaf.map((l) => l.duration)), unit: 'ms' },
    { group: GROUP, name: 'script time in the long animation frames, longest', value: Math.max(0, ...loaf.map((l) => l.scripts)), unit: 'ms' },
  ];
}
