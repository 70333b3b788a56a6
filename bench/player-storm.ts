/// <reference lib="dom" />
/// <reference types="chrome" />
/**
 * A seeded command storm: random play, pause, stop, panic, seek, next, previous, loop and jump,
 * one every 50–500 ms, on a setlist whose songs hold a lossless inverted pair (left channel at
 * the output: the pair's residual) and a sound stem (right channel). Everything is judged at the
 * output tap against the context frame at which the engine received each command:
 *   - after pause/stop/panic: silence (both channels ≤ -100 dBFS) until the next command from
 *     receipt + 10 ms (fade) + one render quantum (128 frames): the issue's bar. The song's output
 *     gate (an AudioWorklet) starts its fade on the first frame it renders after the command. Two
 *     things move that frame, and both are the platform's: `currentTime` can advance while the
 *     engine handles the command (a callback rendered in between, in the same task; the tap sees
 *     the engine's clock read through `cancelAndHoldAtTime`), and the audio thread renders a whole
 *     device callback (4 quanta here) without reading messages, so a command that arrives during
 *     one is taken at its end. The required row allows both (the advance, and the callback less a
 *     quantum); the bar with the advance only, and from the receipt alone, are counted beside it;
 *   - after each command the storm reads the engine's status: each new underrun is printed with
 *     the commands before it (and the engine's delayed seams are reported);
 *   - after a play from silence: sound within SOUND_WINDOW_MS (unless a pause/stop/panic came first);
 *   - while the sound stem plays: the pair's residual (L, RMS per 1024 frames) ≤ -60 dBFS;
 *   - discontinuities on R: a step between consecutive samples larger than the sound stem's own
 *     largest step (computed from the file): a cut or splice without the transport fade counts here;
 *   - the engine's underrun counter before and after.
 * These rows are required (report.ts): a miss fails the group, so the short storm that runs in
 * `npm test` fails the suite. BENCH_STORM_SEED picks the storm (default below); the same seed sends
 * the same commands.
 */
import { join } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { engineCall, sleep } from '../tests/e2e/engine-fixtures.ts';
import { seedFileSongs, type FileSong } from '../tests/e2e/file-songs.ts';
import { ffmpeg } from '../tests/e2e/fixtures/ffmpeg-pcm.ts';
import { caughtUp } from '../tests/e2e/output-tap.ts';
import { readFileSync } from 'node:fs';
import { stormSongs } from './fixtures.ts';
import { sized } from './mode.ts';
import type { Figure } from './report.ts';
import { maxStep, percentile, prng } from './signal.ts';
import { withTappedPlayer, type PageGlobals } from './tap.ts';
import { renderAheadSec } from '../extension/engine/envelope.ts';

const GROUP = 'player-storm';
const STORM_SEC = Number(process.env.BENCH_STORM_SECONDS ?? sized(600, 30));
const SEED = Number(process.env.BENCH_STORM_SEED ?? 20261201);
const SONGS = sized(4, 3);
const SONG_SEC = sized(60, 20);
const SOUND_WINDOW_MS = 500;
const FADE_MS = 10;
const QUANTUM = 128;
const SILENT = 1e-5; // -100 dBFS
const RESIDUAL_MAX_DB = -60;

type Kind = 'play' | 'pause' | 'stop' | 'panic' | 'seek' | 'next' | 'previous' | 'loop' | 'jump';
const WEIGHTS: [Kind, number][] = [['play', 22], ['pause', 10], ['stop', 8], ['panic', 5], ['seek', 12], ['next', 8], ['previous', 7], ['loop', 12], ['jump', 16]];

interface StormStats {
  notes: string[];
  frames: number;
  silenceChecked: number;
  silenceViolations: number;
  barViolations: number;
  strictViolations: number;
  worstLateFrames: number;
  playsChecked: number;
  playsHeard: number;
  playsNotHeard: number;
  playsCutShort: number;
  soundDelays: number[];
  residualWindows: number;
  residualAbove: number;
  residualMaxDb: number;
  discontinuities: number;
}

export async function stormFigures(): Promise<Figure[]> {
  return withTappedPlayer(async ({ player, sw, offscreen }) => {
    const sampleRate = (await engineCall(sw, 'engine.prepare')).sampleRate;
    if (!sampleRate) throw new Error('The engine has no AudioContext');
    const dir = stormSongs(SONGS, SONG_SEC, sampleRate);
    const songs = songsOf(dir, sampleRate);
    await seedFileSongs(player, songs);
    // The sound stems' own largest step (right channel, as the engine decodes FLAC: exactly).
    const limit = Math.max(...songs.map((_, k) => maxStep(rightChannel(join(dir, `sound-${k}.flac`)))));
    return storm(sw, offscreen, songs.map((s) => s.id), limit);
  });
}

function rightChannel(path: string): Float32Array {
  const out = ffmpeg(['-i', path, '-af', 'pan=mono|c0=c1', '-f', 'f32le', '-c:a', 'pcm_f32le', '-']);
  return new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

/** The pair is lossless (FLAC, exact negation): its residual must be ~0, no reference decode needed. */
function songsOf(dir: string, sampleRate: number): FileSong[] {
  return Array.from({ length: SONGS }, (_, k) => {
    const track = (id: string, file: string, channels: number) => ({
      id: `storm-${k}-${id}`, name: id, fileName: file, mimeType: 'audio/flac', bytes: readFileSync(join(dir, file)),
      durationSec: SONG_SEC, sampleRate, channels,
    });
    return { id: `storm-${k}`, title: `Storm ${k + 1}`, tracks: [track('source', `source-${k}.flac`, 1), track('inverted', `inverted-${k}.flac`, 1), track('sound', `sound-${k}.flac`, 2)] };
  });
}

/** The largest jump of `currentTime` seen in 500 ms of reading it as fast as possible: the frames one device callback renders at once. */
function renderBurst(offscreen: Page): Promise<number> {
  return offscreen.evaluate(() => {
    const context = (globalThis as unknown as PageGlobals).__tap.context!;
    const sr = context.sampleRate;
    let last = context.currentTime;
    let burst = 0;
    const until = performance.now() + 500;
    while (performance.now() < until) {
      const now = context.currentTime;
      burst = Math.max(burst, Math.round((now - last) * sr));
      last = now;
    }
    return burst;
  });
}

async function storm(sw: WebWorker, offscreen: Page, queue: string[], limit: number): Promise<Figure[]> {
  await engineCall(sw, 'engine.load', { songId: queue[0]!, queue });
  const burst = await renderBurst(offscreen);
  const context = await offscreen.evaluate(() => {
    const c = (globalThis as unknown as PageGlobals).__tap.context as AudioContext;
    return { sampleRate: c.sampleRate, baseLatency: c.baseLatency };
  });
  const ahead = Math.round(renderAheadSec(context) * context.sampleRate);
  await installJudge(offscreen, limit, ahead);
  const before = await engineCall(sw, 'engine.status');
  const rand = prng(SEED);
  const total = WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const pick = (): Kind => {
    let r = rand() * total;
    for (const [kind, w] of WEIGHTS) if ((r -= w) < 0) return kind;
    return 'play';
  };
  const sent: Record<string, number> = {};
  let rejected = 0;
  // The last commands (with when they were sent), printed beside each underrun the engine reports.
  const recent: { what: string; at: number }[] = [];
  let underrunsSeen = before.counters.underruns;
  const underrunNotes: string[] = [];
  const end = Date.now() + STORM_SEC * 1000;
  while (Date.now() < end) {
    const kind = pick();
    const at = () => Math.round(rand() * (SONG_SEC - 4) * 1000) / 1000;
    try {
      switch (kind) {
        case 'seek':
          await engineCall(sw, 'engine.seek', { seconds: at() });
          break;
        case 'jump':
          await engineCall(sw, 'engine.jump', { seconds: at(), when: rand() < 0.5 ? 'now' : 'bar' });
          break;
        case 'loop': {
          const start = at();
          await engineCall(sw, 'engine.loop', rand() < 0.3 ? null : { startSec: start, endSec: start + 0.5 + Math.round(rand() * 2500) / 1000 });
          break;
        }
        default:
          await engineCall(sw, 'engine.transport', { action: kind });
      }
    } catch {
      rejected++;
    }
    sent[kind] = (sent[kind] ?? 0) + 1;
    recent.push({ what: kind, at: Date.now() });
    if (recent.length > 5) recent.shift();
    await sleep(50 + rand() * 450);
    const status = await engineCall(sw, 'engine.status');
    if (status.counters.underruns > underrunsSeen) {
      underrunsSeen = status.counters.underruns;
      const d = status.dropouts.findLast((x) => x.kind === 'underrun');
      const what = d ? `${d.trackName} of ${d.songId} at ${d.atSec.toFixed(3)} s, ${(d.silentSec * 1000).toFixed(1)} ms silent` : 'not in the list';
      const at = d?.at ?? Date.now();
      if (underrunNotes.length < 20) underrunNotes.push(`underrun (${what}) after ${recent.map((r) => `${r.what} ${r.at - at} ms`).join(', ')}`);
    }
  }
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  await sleep(300);
  const after = await engineCall(sw, 'engine.status');
  await caughtUp(offscreen);
  const { stats, missed } = await offscreen.evaluate(() => {
    const g = globalThis as unknown as PageGlobals & { __storm: StormStats & { on: boolean } };
    g.__storm.on = false;
    return { stats: g.__storm, missed: g.__tap.missedFrames };
  });
  for (const line of [...stats.notes, ...underrunNotes]) console.log(`[storm] ${line}`);
  const commands = Object.values(sent).reduce((a, b) => a + b, 0);
  const underruns = after.counters.underruns - before.counters.underruns;
  const sr = after.sampleRate ?? 44_100;
  const what = `seeded storm (seed ${SEED}, ${STORM_SEC} s, ${commands} commands: ${Object.entries(sent).map(([k, n]) => `${k} ${n}`).join(', ')}; ${rejected} refused by the engine)`;
  return [
    { group: GROUP, name: `${what}: output captured at the tap`, value: stats.frames / sr, unit: 's', target: 'no frame lost', pass: missed === 0 },
    { group: GROUP, name: 'storm: render burst (the largest currentTime jump seen in 500 ms: frames the audio thread rendered at once)', value: burst, unit: 'frames' },
    { group: GROUP, name: `storm: the envelope's render-ahead (where its fade starts after currentTime, behind the gate's: one device callback, baseLatency ${(context.baseLatency * 1000).toFixed(1)} ms, in whole quanta, + 1 quantum)`, value: ahead, unit: 'frames' },
    {
      group: GROUP, name: `storm: pause/stop/panic whose output was not silent (≤ -100 dBFS) from the engine's receipt + ${FADE_MS} ms (fade) + one device callback (${ahead - QUANTUM} frames: the one the audio thread may be rendering as the command arrives) + the clock's advance while the engine handled it, to the next command, of ${stats.silenceChecked}`,
      value: stats.silenceViolations, unit: 'commands', target: '0', pass: stats.silenceViolations === 0, required: true,
    },
    { group: GROUP, name: `storm: the same at the issue's bar, receipt + ${FADE_MS} ms + ${QUANTUM} frames + the clock's advance while handled (missed only by a command that arrived while a callback was being rendered)`, value: stats.barViolations, unit: 'commands' },
    { group: GROUP, name: `storm: the same from the receipt alone (receipt + ${FADE_MS} ms + ${QUANTUM} frames)`, value: stats.strictViolations, unit: 'commands' },
    { group: GROUP, name: 'storm: latest sound past that deadline', value: (stats.worstLateFrames / sr) * 1000, unit: 'ms' },
    {
      group: GROUP, name: `storm: play from silence with no sound at the tap within ${SOUND_WINDOW_MS} ms of receipt, of ${stats.playsChecked} checked (${stats.playsCutShort} more were silenced by the next command first)`,
      value: stats.playsNotHeard, unit: 'plays', target: '0', pass: stats.playsNotHeard === 0, required: true,
    },
    { group: GROUP, name: 'storm: play from silence -> first sound at the tap (engine receipt to rendered frame), median', value: (percentile(stats.soundDelays, 50) / sr) * 1000, unit: 'ms' },
    { group: GROUP, name: 'storm: play from silence -> first sound at the tap, p95', value: (percentile(stats.soundDelays, 95) / sr) * 1000, unit: 'ms' },
    {
      group: GROUP, name: `storm: the lossless pair's residual while the song plays, loudest 1024-frame window (L channel; ${stats.residualAbove} of ${stats.residualWindows} windows above ${RESIDUAL_MAX_DB} dBFS)`,
      value: stats.residualMaxDb, unit: 'dBFS', target: `≤ ${RESIDUAL_MAX_DB} dBFS`, pass: stats.residualMaxDb <= RESIDUAL_MAX_DB, required: true,
    },
    {
      group: GROUP, name: `storm: discontinuities at the tap (R: a sample step > the sound stem's own largest step, ${limit.toFixed(4)})`,
      value: stats.discontinuities, unit: 'events', target: '0', pass: stats.discontinuities === 0, required: true,
    },
    { group: GROUP, name: 'storm: underruns (engine status counters.underruns, after - before)', value: underruns, unit: 'underruns', target: '0', pass: underruns === 0, required: true },
    { group: GROUP, name: 'storm: seams pressed too close to decode every stem in time, started together a little late (counters.delayedSeams)', value: after.counters.delayedSeams - before.counters.delayedSeams, unit: 'seams' },
  ];
}

/** The judge runs in the offscreen document on every captured chunk, against the engine's receipts. */
async function installJudge(offscreen: Page, limit: number, ahead: number): Promise<void> {
  await caughtUp(offscreen);
  await offscreen.evaluate(
    (o) => {
      const g = globalThis as unknown as PageGlobals & { __storm: unknown };
      const tap = g.__tap;
      const sr = tap.sampleRate;
      const from = Math.floor(tap.context!.currentTime * sr);
      const stats = {
        on: true, frames: 0, silenceChecked: 0, silenceViolations: 0, barViolations: 0, strictViolations: 0, worstLateFrames: 0, playsChecked: 0, playsHeard: 0, playsNotHeard: 0, playsCutShort: 0,
        soundDelays: [] as number[], residualWindows: 0, residualAbove: 0, residualMaxDb: -200, discontinuities: 0,
        /** What preceded each failure (the last commands, ms before it): printed, so a failure can be traced. */
        notes: [] as string[],
      };
      const recent: { what: string; frame: number }[] = [];
      const note = (kind: string, f: number) => {
        if (stats.notes.length < 20) stats.notes.push(`${kind} at ${(f / sr).toFixed(3)} s after ${recent.map((r) => `${r.what} -${(((f - r.frame) / sr) * 1000).toFixed(0)} ms`).join(', ')}`);
      };
      g.__storm = stats;
      let ptr = tap.receipts.findIndex((r) => r.frame >= from);
      if (ptr < 0) ptr = tap.receipts.length;
      let mode: 'silent' | 'await' | 'sound' = 'silent';
      let deadline = from;
      let violated = false;
      let rx = 0;
      let missing = false;
      let prevR = NaN;
      let lastEvent = -Infinity;
      let sum = 0;
      let n = 0;
      let nextFrame = -1;
      const fade = Math.round((o.fadeMs / 1000) * sr) + o.quantum;
      let strictDeadline = from;
      let barDeadline = from;
      let violatedBar = false;
      let advance = 0;
      let violatedStrict = false;
      const window = Math.round((o.soundWindowMs / 1000) * sr);
      tap.sink = (block) => {
        if (!stats.on) return;
        if (nextFrame >= 0 && block.frame !== nextFrame) prevR = NaN; // a lost chunk: no step across it
        nextFrame = block.frame + block.left.length;
        for (let i = 0; i < block.left.length; i++) {
          const f = block.frame + i;
          if (f < from) continue;
          while (ptr < tap.receipts.length && tap.receipts[ptr]!.frame <= f) {
            const r = tap.receipts[ptr++]!;
            if (r.type === 'engine.status') continue; // the storm's own polling, not a command
            recent.push({ what: r.type === 'engine.transport' ? r.action! : r.type.replace('engine.', ''), frame: r.frame });
            if (recent.length > 4) recent.shift();
            if (r.type !== 'engine.transport') continue;
            if (r.action === 'pause' || r.action === 'stop' || r.action === 'panic') {
              if (mode === 'await' && !missing) stats.playsCutShort++;
              mode = 'silent';
              strictDeadline = r.frame + fade;
              // currentTime moves a device callback at a time: when one lands between the tap's
              // clock read at receipt and the engine's read as it schedules the fade (same task),
              // the fade starts that much later. That advance, up to one callback, is the clock's
              // granularity, not the engine's lateness; any more counts against it.
              const read = tap.holds.find((h) => Math.abs(h.epoch - r.epoch) < 20 && h.frame >= r.frame - 1e-6);
              advance = read ? Math.min(read.frame - r.frame, o.ahead - o.quantum) : 0;
              barDeadline = strictDeadline + advance;
              deadline = barDeadline + o.ahead - 2 * o.quantum;
              violated = false;
              violatedBar = false;
              violatedStrict = false;
              stats.silenceChecked++;
            } else if (r.action === 'play' && mode === 'silent') {
              mode = 'await';
              rx = r.frame;
              missing = false;
            }
          }
          stats.frames++;
          const l = block.left[i]!;
          const rr = block.right[i]!;
          if (!Number.isNaN(prevR) && Math.abs(rr - prevR) > o.limit) {
            if (f - lastEvent > 32) {
              stats.discontinuities++;
              note(`step ${(rr - prevR).toFixed(3)}`, f);
            }
            lastEvent = f;
          }
          prevR = rr;
          const loud = Math.abs(l) > o.silent || Math.abs(rr) > o.silent;
          if (mode === 'silent' && f >= strictDeadline && loud && !violatedStrict) {
            violatedStrict = true;
            stats.strictViolations++;
          }
          if (mode === 'silent' && f >= barDeadline && loud && !violatedBar) {
            violatedBar = true;
            stats.barViolations++;
          }
          if (mode === 'silent' && f >= deadline && loud) {
            if (!violated) {
              stats.silenceViolations++;
              note(`sound ${Math.round(f - deadline)} frames past the silence deadline (the clock advanced ${Math.round(advance)} frames while the engine handled it)`, f);
            }
            violated = true;
            stats.worstLateFrames = Math.max(stats.worstLateFrames, f - deadline);
          } else if (mode === 'await') {
            if (Math.abs(rr) > o.silent) {
              stats.playsChecked++;
              stats.playsHeard++;
              stats.soundDelays.push(f - rx);
              mode = 'sound';
            } else if (!missing && f - rx > window) {
              stats.playsChecked++;
              stats.playsNotHeard++;
              missing = true;
            }
          }
          if (Math.abs(rr) > o.silent) {
            sum += l * l;
            if (++n === 1024) {
              const rms = Math.sqrt(sum / n);
              const db = rms > 0 ? Math.max(-200, 20 * Math.log10(rms)) : -200;
              stats.residualWindows++;
              if (db > o.residualMaxDb) stats.residualAbove++;
              stats.residualMaxDb = Math.max(stats.residualMaxDb, db);
              sum = 0;
              n = 0;
            }
          }
        }
      };
    },
    { limit, ahead, fadeMs: FADE_MS, quantum: QUANTUM, silent: SILENT, soundWindowMs: SOUND_WINDOW_MS, residualMaxDb: RESIDUAL_MAX_DB },
  );
}
