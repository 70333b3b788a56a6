// This file drives pages (DOM, chrome.*) and imports the e2e harness, so it needs their types
// even though the root project (backend, node) compiles it.
/// <reference lib="dom" />
/// <reference types="chrome" />
// The stage player's figures, in real Chromium with the built extension (the e2e harness):
// key/message -> start latency, next-song switch, the null test, and memory, each against a
// baseline taken in the same run (one media element per stem; whole-file decodeAudioData).
// Standalone: `tsx bench/player.ts` (BENCH_PLAYER_SECONDS shortens the long plays, default 60).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, WebWorker } from 'puppeteer-core';
import { SCHEMA_V1 } from '../extension/db/schema.ts';
import type { CommandTiming, EngineAction } from '../shared/messages.ts';
import { engineCall, injectFixtures, masterLevel, noiseTrack, seedSongs, sleep, type PageFixtures, type SongSpec, type TrackSpec } from '../tests/e2e/engine-fixtures.ts';
import { launchExtension, type ExtensionHarness } from '../tests/e2e/harness.ts';
import { sized } from './mode.ts';
import { writeReport, type Figure } from './report.ts';

const GROUP = 'player';
const ITERATIONS = sized(30, 3);
/** Memory figure: stem length and where the seek lands. */
const MEMORY_STEM_SECONDS = sized(300, 20);

const fixtures = () => (globalThis as unknown as { __stFixtures: PageFixtures }).__stFixtures;

export async function playerFigures(seconds = Number(process.env.BENCH_PLAYER_SECONDS ?? 60)): Promise<Figure[]> {
  const ext = await launchExtension();
  try {
    const player = await ext.openPlayer();
    const sw = await ext.serviceWorker();
    const figures: Figure[] = [];
    figures.push(...(await startLatency(player, sw)));
    figures.push(...(await switchLatency(player, sw)));
    figures.push(...(await nullTest(ext, player, sw, seconds)));
    figures.push(...(await memory(ext, player, sw, seconds)));
    return figures;
  } finally {
    await ext.close();
  }
}

// ---------- latency ----------

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Sends a transport action from the player page; returns the page's send time and the engine's timing. */
async function sendFromPage(player: Page, sw: WebWorker, action: EngineAction): Promise<{ sentAt: number; timing: CommandTiming }> {
  const sentAt = await player.evaluate(async (a) => {
    const at = performance.timeOrigin + performance.now();
    await chrome.runtime.sendMessage({ target: 'offscreen', type: 'engine.transport', data: { action: a } });
    return at;
  }, action);
  const timing = (await engineCall(sw, 'engine.status')).lastCommand;
  if (!timing) throw new Error(`The engine reported no timing for ${action}`);
  return { sentAt, timing };
}

/**
 * Space (or Play) -> sources started, on a prepared song. Measured: the key's event time in the
 * player page (or the message send time when the page has no Space shortcut) to the engine's
 * last start() call, both as performance.timeOrigin + now() (one wall clock, sub-ms).
 */
async function startLatency(player: Page, sw: WebWorker): Promise<Figure[]> {
  const song: SongSpec = { id: 'bench-start', title: 'Bench Start', tracks: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => noiseTrack(`start-${i}`, { seed: i, seconds: 60 })) };
  await seedSongs(player, [song]);
  await engineCall(sw, 'engine.load', { songId: song.id, queue: [song.id] });
  await untilPrepared(player, sw);
  await player.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.code === 'Space') (globalThis as unknown as { __keyAt: number }).__keyAt = performance.timeOrigin + e.timeStamp;
    }, { capture: true });
  });
  const viaKey = await tryKey(player, sw);
  const total: number[] = [];
  const engineOnly: number[] = [];
  let keyMisses = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    await engineCall(sw, 'engine.transport', { action: 'pause' });
    await sleep(150);
    let sentAt: number;
    let timing: CommandTiming;
    const pressed = viaKey && (await pressSpace(player, sw));
    if (pressed) ({ sentAt, timing } = pressed);
    else {
      if (viaKey) {
        // The press may still arrive late and toggle: start again from a known pause, with an
        // action that cannot toggle back.
        keyMisses++;
        await engineCall(sw, 'engine.transport', { action: 'pause' });
        await sleep(150);
      }
      ({ sentAt, timing } = await sendFromPage(player, sw, 'play'));
    }
    if (timing.startedAt === null) throw new Error('Play did not start the sources');
    total.push(timing.startedAt - sentAt);
    engineOnly.push(timing.startedAt - timing.receivedAt);
    await sleep(100);
  }
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  const what = viaKey ? 'Space keydown in the player' : 'Play message sent from the player page';
  const misses: Figure[] = keyMisses
    ? [{ group: GROUP, name: 'Space presses the player did not turn into Play (measured by message instead)', value: keyMisses, unit: `of ${ITERATIONS}` }]
    : [];
  return [
    { group: GROUP, name: `${what} -> all 8 stems start(), median`, value: percentile(total, 50), unit: 'ms', target: '≤ 10 ms', pass: percentile(total, 50) <= 10 },
    { group: GROUP, name: `${what} -> start(), p95`, value: percentile(total, 95), unit: 'ms' },
    { group: GROUP, name: 'inside the engine: message received -> start(), median', value: percentile(engineOnly, 50), unit: 'ms' },
    ...misses,
  ];
}

/**
 * The figure is for a prepared song: Play until it starts its sources at once (every stem's first
 * audio decoded), then pause. Until then a Play waits for the decode and starts nothing itself.
 */
async function untilPrepared(player: Page, sw: WebWorker, timeoutMs = 20_000): Promise<void> {
  const since = Date.now();
  for (;;) {
    const { timing } = await sendFromPage(player, sw, 'play');
    await engineCall(sw, 'engine.transport', { action: 'pause' });
    if (timing.startedAt !== null) return;
    if (Date.now() - since > timeoutMs) throw new Error(`The song was not prepared within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** Presses Space in the player; the key's event time and the engine's timing, or null if no Play followed. */
async function pressSpace(player: Page, sw: WebWorker): Promise<{ sentAt: number; timing: CommandTiming } | null> {
  await player.keyboard.press('Space');
  const timing = await waitForTiming(sw, 'play-pause', 1_000).catch(() => null);
  if (!timing) return null;
  return { sentAt: await player.evaluate(() => (globalThis as unknown as { __keyAt: number }).__keyAt), timing };
}

async function tryKey(player: Page, sw: WebWorker): Promise<boolean> {
  await player.bringToFront();
  await player.mouse.click(2, 2);
  await player.keyboard.press('Space');
  const started = await waitForTiming(sw, 'play-pause', 1_000).then(() => true, () => false);
  await engineCall(sw, 'engine.transport', { action: 'pause' });
  return started;
}

async function waitForTiming(sw: WebWorker, action: EngineAction, timeout = 3_000): Promise<CommandTiming> {
  const since = Date.now();
  for (;;) {
    const status = await engineCall(sw, 'engine.status');
    const t = status.lastCommand;
    if (t && t.action === action && t.receivedAt >= since - 5 && status.state === 'playing') return t;
    if (Date.now() - since > timeout) throw new Error(`No ${action} reached the engine`);
    await sleep(5);
  }
}

/** Next song while playing, with the next song prepared: message -> the new song's sources started. */
async function switchLatency(player: Page, sw: WebWorker): Promise<Figure[]> {
  const songs: SongSpec[] = Array.from({ length: sized(8, 3) }, (_, s) => ({
    id: `bench-next-${s}`,
    title: `Bench Next ${s}`,
    tracks: [1, 2, 3, 4, 5, 6, 7, 8].map((i) => noiseTrack(`next-${s}-${i}`, { seed: s * 10 + i, seconds: 20 })),
  }));
  await seedSongs(player, songs);
  const queue = songs.map((s) => s.id);
  const total: number[] = [];
  const engineOnly: number[] = [];
  for (let pass = 0; pass < sized(2, 1); pass++) {
    await engineCall(sw, 'engine.load', { songId: queue[0]!, queue, play: true });
    for (let i = 1; i < queue.length; i++) {
      const next = queue[i]!;
      for (let t = 0; !(await engineCall(sw, 'engine.status')).prepared.includes(next); t++) {
        if (t > 200) throw new Error(`${next} was never prepared`);
        await sleep(20);
      }
      await sleep(400); // its first seconds decoded too
      const { sentAt, timing } = await sendFromPage(player, sw, 'next');
      if (timing.startedAt === null) throw new Error('Next did not start the next song');
      total.push(timing.startedAt - sentAt);
      engineOnly.push(timing.startedAt - timing.receivedAt);
    }
  }
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  return [
    { group: GROUP, name: 'next song (prepared, 8 stems) while playing: message -> its start(), median', value: percentile(total, 50), unit: 'ms', target: '≤ 20 ms', pass: percentile(total, 50) <= 20 },
    { group: GROUP, name: 'next song switch, p95', value: percentile(total, 95), unit: 'ms' },
    { group: GROUP, name: 'inside the engine: next received -> start(), median', value: percentile(engineOnly, 50), unit: 'ms' },
  ];
}

// ---------- null test ----------

async function nullTest(ext: ExtensionHarness, player: Page, sw: WebWorker, seconds: number): Promise<Figure[]> {
  const track: TrackSpec = noiseTrack('null-a', { seed: 1234, seconds: seconds + 30, channels: 2 });
  const inverted: TrackSpec = { ...track, id: 'null-b', name: 'null-b', kind: 'noise-inverted' };
  const song: SongSpec = { id: 'bench-null', title: 'Bench Null', tracks: [track, inverted] };
  await seedSongs(player, [song]);
  await engineCall(sw, 'engine.load', { songId: song.id, queue: [song.id] });
  await engineCall(sw, 'engine.resetMix');
  await sleep(300);
  await engineCall(sw, 'engine.transport', { action: 'play' });
  await sleep(300);
  const atStart = await masterLevel(sw, 20);
  await sleep(seconds * 1000);
  const later = await masterLevel(sw, 20);
  await engineCall(sw, 'engine.seek', { seconds: 17.77 });
  await sleep(300);
  const afterSeek = await masterLevel(sw, 20);
  await engineCall(sw, 'engine.mix', { track: 'null-a', patch: { solo: true } });
  await sleep(100);
  const oneTrack = await masterLevel(sw, 10);
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  await engineCall(sw, 'engine.resetMix');

  // Baseline in its own tab of the extension's origin (same codec support, autoplay after a click).
  const page = await ext.browser.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/player.html`);
  await page.mouse.click(2, 2);
  await injectFixtures(page);
  const media = await page.evaluate(
    (options) => (globalThis as unknown as { __stFixtures: PageFixtures }).__stFixtures.mediaElementBaseline(options),
    { track, inverted, seconds, seekTo: 17.77 },
  );
  await page.close();

  const meets = (db: number) => db <= -80;
  const row = (name: string, value: number, base: number): Figure => ({
    group: GROUP, name, value, unit: 'dBFS', target: '≤ -80 dBFS', pass: meets(value), baseline: { name: 'one <audio> per stem', value: base },
  });
  return [
    { group: GROUP, name: 'null test: one track alone (master RMS, the reference)', value: oneTrack.rmsDb, unit: 'dBFS' },
    row('null test residual at start (master RMS; -200 = digital silence)', atStart.rmsDb, media.atStart.rmsDb),
    row(`null test residual after ${seconds} s of play`, later.rmsDb, media.later.rmsDb),
    row('null test residual after a seek', afterSeek.rmsDb, media.afterSeek.rmsDb),
    { group: GROUP, name: 'media-element baseline: offset between the stems at start', value: media.atStart.lagMs, unit: 'ms' },
    { group: GROUP, name: `media-element baseline: offset after ${seconds} s`, value: media.later.lagMs, unit: 'ms' },
    { group: GROUP, name: 'media-element baseline: offset after a seek', value: media.afterSeek.lagMs, unit: 'ms' },
  ];
}

// ---------- memory ----------

/** Resident memory of the browser's renderer processes for the extension (Linux /proc). */
function extensionRendererRss(browserPid: number): number {
  return descendants(browserPid)
    .filter((pid) => cmdline(pid).includes('--extension-process'))
    .reduce((sum, pid) => sum + rssMb(pid), 0);
}

function allRenderersRss(browserPid: number): number {
  return descendants(browserPid)
    .filter((pid) => cmdline(pid).includes('--type=renderer'))
    .reduce((sum, pid) => sum + rssMb(pid), 0);
}

function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent) if (pp === p) (out.push(child), walk(child));
  };
  walk(root);
  return out;
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

const rssMb = (pid: number) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
};

async function memory(ext: ExtensionHarness, player: Page, sw: WebWorker, seconds: number): Promise<Figure[]> {
  const browserPid = ext.browser.process()?.pid;
  if (!browserPid || process.platform !== 'linux') return [];
  // One long 48 kHz stereo Opus stem, stored 16 times as 16 tracks: 16 independent streams.
  const first: TrackSpec = { id: 'mem-0', name: 'mem-0', kind: 'opus-noise', seconds: MEMORY_STEM_SECONDS, sampleRate: 48_000, channels: 2, seed: 42 };
  const tracks = [first, ...Array.from({ length: 15 }, (_, i) => ({ ...first, id: `mem-${i + 1}`, name: `mem-${i + 1}`, sameAs: 'mem-0' }))];
  const seeded = await seedSongs(player, [{ id: 'bench-mem', title: 'Bench Memory', tracks }]);
  await sleep(2_000);
  const before = extensionRendererRss(browserPid);
  await engineCall(sw, 'engine.load', { songId: 'bench-mem', queue: ['bench-mem'] });
  await engineCall(sw, 'engine.transport', { action: 'play' });
  let peak = before;
  for (let t = 0; t < seconds; t += 2) {
    await sleep(2_000);
    peak = Math.max(peak, extensionRendererRss(browserPid));
  }
  const level = await masterLevel(sw, 3);
  await engineCall(sw, 'engine.seek', { seconds: MEMORY_STEM_SECONDS * 0.8 });
  await sleep(2_000);
  peak = Math.max(peak, extensionRendererRss(browserPid));
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  if (level.rmsDb < -40) throw new Error(`The 16-stem song did not play (master ${level.rmsDb} dBFS)`);

  // Baseline: whole-file decodeAudioData of the same 16 stems, in a fresh tab (its own renderer).
  const base64 = await player.evaluate(
    (id, schema) => (globalThis as unknown as { __stFixtures: PageFixtures }).__stFixtures.storedBase64(id, schema),
    'mem-0',
    SCHEMA_V1,
  );
  const sampleRate = (await engineCall(sw, 'engine.status')).sampleRate ?? 48_000;
  const page = await ext.browser.newPage();
  await page.goto('about:blank');
  await page.evaluate(readFileSync(join(import.meta.dirname, '../tests/e2e/fixtures/page-fixtures.js'), 'utf8'));
  await page.evaluate((b) => ((globalThis as unknown as { __b64: string }).__b64 = b), base64);
  await sleep(1_000);
  // Which renderer hosts the tab is Chrome's choice: take the growth of all renderers (the engine is stopped).
  const decodeBefore = allRenderersRss(browserPid);
  const decoded = await page.evaluate(
    (rate) => {
      const g = globalThis as unknown as { __b64: string; __stFixtures: PageFixtures };
      return g.__stFixtures.decodeWhole(g.__b64, 16, rate);
    },
    sampleRate,
  );
  const decodeGrowth = allRenderersRss(browserPid) - decodeBefore;
  await page.close();

  return [
    {
      group: GROUP,
      name: `memory: 16 stems × ${MEMORY_STEM_SECONDS / 60} min, 48 kHz stereo, playing ${seconds} s + a seek (extension renderer RSS growth)`,
      value: peak - before,
      unit: 'MB',
      target: '≤ 300 MB',
      pass: peak - before <= 300,
      baseline: { name: 'whole-file decodeAudioData of the same 16 stems (renderer RSS growth)', value: decodeGrowth },
    },
    { group: GROUP, name: `fixture: ${MEMORY_STEM_SECONDS / 60}-min stereo Opus stem encoded in the page (${Math.round(decoded.frames / sampleRate)} s decoded)`, value: seeded.ms / 1000, unit: 's' },
    { group: GROUP, name: 'whole-file decodeAudioData of 16 stems, time', value: decoded.ms / 1000, unit: 's' },
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
