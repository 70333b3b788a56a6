import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { analyse, eventsOf, installTap, openPlayerPage, setShowData, startRecording } from './show-fixtures';
import { byRole } from './library-page';
import { pressOnStage } from './keyboard';
import { deleteRecord, readRecords } from './library-db';
import { openView } from './views-page';

const RATE = 44_100;
/** 120 BPM 4/4, one bar of count-in: clicks every 0.5 s, the song 2 s after the first click. */
const COUNT = { id: 's-count', title: 'Count Me In', tracks: [noiseTrack('count-t', { seed: 8, seconds: 1, sampleRate: RATE })] };
/**
 * 240 BPM 4/4 (one bar a second). A stem and its polarity-inverted copy: the output is silent
 * only while the two stay on the same frame, through every jump and loop restart.
 */
const VAMP = {
  id: 's-vamp',
  title: 'Vamp',
  tracks: [
    noiseTrack('vamp-a', { seed: 21, seconds: 8, sampleRate: RATE }),
    noiseTrack('vamp-b', { kind: 'noise-inverted', seed: 21, seconds: 8, sampleRate: RATE }),
  ],
};
const MARKERS = [
  { name: 'Intro', time: 0 },
  { name: 'Verse', time: 1 },
  { name: 'Chorus', time: 3 },
  { name: 'Outro', time: 5 },
];

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;
let offscreen: Page;

beforeAll(async () => {
  const step = async <T,>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw new Error(`beforeAll: ${name} failed`, { cause: error });
    }
  };
  ext = await step('launch', () => launchExtension());
  player = await step('open player', () => openPlayerPage(ext));
  sw = await ext.serviceWorker();
  offscreen = await step('offscreen', () => ext.offscreenPage());
  await step('tap', () => installTap(offscreen));
  await step('seed', () => seedSongs(player, [COUNT, VAMP]));
  await step('show data', () =>
    setShowData(player, [
      { songId: COUNT.id, bpm: 120, timeSignature: '4/4', countInBars: 1, countInGainDb: -6 },
      { songId: VAMP.id, bpm: 240, timeSignature: '4/4', markers: MARKERS },
    ]),
  );
});

afterAll(async () => {
  await ext?.close();
});

const status = () => engineCall(sw, 'engine.status');
async function until(check: (s: Awaited<ReturnType<typeof status>>) => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const s = await status();
    if (check(s)) return s;
    if (Date.now() > end) throw new Error(`timed out at ${s.positionSec}s, ${s.state}`);
    await sleep(20);
  }
}

describe('count-in', () => {
  it('clicks land on the beat and the stems start exactly one beat after the last click', async () => {
    await engineCall(sw, 'engine.load', { songId: COUNT.id, queue: [COUNT.id] });
    await startRecording(offscreen);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await until((s) => s.state !== 'playing', 8_000);
    const heard = await analyse(offscreen, { threshold: 0.02, gapSec: 0.1 });
    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const clicks = eventsOf(events, 'click', COUNT.id).slice(-4);
    const start = eventsOf(events, 'start', COUNT.id).at(-1)!;
    expect(clicks.map((c) => c.accent)).toEqual([true, false, false, false]);
    // The engine's schedule: beats 0.5 s apart, the song on beat 5.
    const expected = [...clicks.map((c) => c.at), start.at];
    expected.forEach((t, i) => expect(Math.round((t - expected[0]!) * sr)).toBe(Math.round(i * 0.5 * sr)));

    // What was heard: 5 onsets (4 clicks, the song), timed against the schedule. The tap's
    // playbackTime has a constant offset (its block latency), so compare relative to the first click.
    expect(heard.onsets.length).toBe(5);
    const offset = heard.onsets[0]!.at - expected[0]!;
    const errors = heard.onsets.map((o, i) => Math.round((o.at - offset - expected[i]!) * sr));
    expect(Math.max(...errors.map(Math.abs))).toBeLessThanOrEqual(2);
    expect(heard.onsets[0]!.peak).toBeGreaterThan(heard.onsets[1]!.peak); // accented downbeat
    console.log(`[sections] count-in onset error vs beat grid (samples): ${errors.join(', ')}; tap offset ${Math.round(offset * sr)} samples`);
  });
});

describe('song edits reach the loaded song', () => {
  it('a BPM saved in the song editor counts in at once, no reload; one saved while the song plays waits for its end', async () => {
    await openView(player, 'library');
    await player.locator('.song-list__item ::-p-text(Count Me In)').click(); // into the song editor
    // Alone in the play order, so its end stops the engine (the library's order would go on to the next).
    await engineCall(sw, 'engine.load', { songId: COUNT.id, queue: [COUNT.id] });
    await until((s) => s.state === 'stopped' && s.positionSec === 0);
    const saveBpm = async (bpm: string) => {
      await player.locator('.song-editor [name=bpm]').fill(bpm);
      await player.locator(byRole('button', 'Save song details')).click();
    };
    await saveBpm('90');
    await expect.poll(async () => (await status()).song?.bpm).toBe(90);

    const mark = (await engineCall(sw, 'engine.timeline')).events.length;
    await startRecording(offscreen);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    // Mid-count-in a new tempo waits: the click and the bar lines never disagree mid-song.
    await saveBpm('150');
    await sleep(300);
    expect((await status()).song?.bpm).toBe(90);
    await until((s) => s.state !== 'playing', 10_000);
    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const clicks = eventsOf(events.slice(mark), 'click', COUNT.id);
    const start = eventsOf(events.slice(mark), 'start', COUNT.id).at(-1)!;
    expect(clicks).toHaveLength(4);
    // 90 BPM: a beat every 2/3 s, the song on beat 5.
    [...clicks.map((c) => c.at), start.at].forEach((t, i) => expect(Math.round((t - clicks[0]!.at) * sr)).toBe(Math.round(((i * 60) / 90) * sr)));
    // And at the output: four clicks and the song, 2/3 s apart (not the old tempo's 1/2 s).
    const heard = await analyse(offscreen, { threshold: 0.02, gapSec: 0.1 });
    expect(heard.onsets.length).toBe(5);
    const gaps = heard.onsets.slice(1).map((o, i) => Math.round((o.at - heard.onsets[i]!.at) * sr) - Math.round((60 / 90) * sr));
    expect(Math.max(...gaps.map(Math.abs))).toBeLessThanOrEqual(2);
    console.log(`[sections] count-in after a BPM edit, heard at the output: beat-to-beat error (samples) ${gaps.join(', ')}`);
    // Stopped at its end: the tempo that waited is the song's now.
    await expect.poll(async () => (await status()).song?.bpm).toBe(150);
    await saveBpm('120');
    await expect.poll(async () => (await status()).song?.bpm).toBe(120);
  });
});

describe('markers and loops', () => {
  it('jumps to a marker on the next bar line, sample-exact and with the stems together', async () => {
    await engineCall(sw, 'engine.load', { songId: VAMP.id, queue: [VAMP.id] });
    await startRecording(offscreen);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await until((s) => s.positionSec > 0.1);
    const before = await engineCall(sw, 'engine.timeline');
    await engineCall(sw, 'engine.jump', { seconds: 5, when: 'bar' }); // Outro
    await until((s) => s.positionSec >= 5);
    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const jump = eventsOf(events.slice(before.events.length), 'jump', VAMP.id)[0]!;
    const start = eventsOf(events, 'start', VAMP.id).at(-1)!;
    expect(jump.toFrame).toBe(5 * sr);
    expect(jump.fromFrame! % sr).toBe(0); // on a bar line (one bar = 1 s)
    expect(Math.round((jump.at - start.at) * sr)).toBe(jump.fromFrame); // at that song frame on the clock
    const heard = await analyse(offscreen, { threshold: 0.001, gapSec: 0 });
    expect(heard.onsets).toHaveLength(0); // the inverted pair cancelled throughout: never out of step
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  });

  it('vamps the Verse and, released mid-pass, leaves on the next bar for the Chorus', async () => {
    await until((s) => s.state === 'stopped' && s.positionSec === 0);
    await startRecording(offscreen);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await engineCall(sw, 'engine.loop', { startSec: 1, endSec: 3 }); // Verse: marker to the next marker
    expect((await status()).loop).toEqual({ startSec: 1, endSec: 3 });
    const first = await engineCall(sw, 'engine.timeline');
    const mark = first.events.length;
    // Two restarts, then release in the first bar of a pass (song time 1.05–1.5 s).
    const restarts = async () => eventsOf((await engineCall(sw, 'engine.timeline')).events.slice(mark), 'jump', VAMP.id).filter((e) => e.toFrame === RATE);
    while ((await restarts()).length < 2) await sleep(50);
    await until((s) => s.positionSec >= 1.05 && s.positionSec < 1.5);
    await engineCall(sw, 'engine.loop', null);
    await until((s) => s.positionSec >= 3.2);
    const { sampleRate, events } = await engineCall(sw, 'engine.timeline');
    const sr = sampleRate!;
    const jumps = eventsOf(events.slice(mark), 'jump', VAMP.id);
    const loopJumps = jumps.filter((e) => e.toFrame === sr);
    // Each pass is exactly two bars on the clock.
    for (let i = 1; i < loopJumps.length; i++) expect(Math.round((loopJumps[i]!.at - loopJumps[i - 1]!.at) * sr)).toBe(2 * sr);
    const exit = jumps.find((e) => e.toFrame === 3 * sr)!;
    // The pass playing at the release (a restart committed ahead of it is replaced by the exit).
    const lastPass = loopJumps.filter((e) => e.at < exit.at).at(-1)!;
    expect(exit.fromFrame).toBe(2 * sr); // the bar line inside the pass
    expect(Math.round((exit.at - lastPass.at) * sr)).toBe(sr); // one bar after that pass began
    expect(jumps.slice(jumps.indexOf(exit) + 1)).toEqual([]); // no restart after the exit
    expect((await status()).loop).toBeNull();
    const heard = await analyse(offscreen, { threshold: 0.001, gapSec: 0 });
    expect(heard.onsets).toHaveLength(0); // stems aligned through every restart and the exit
    const meters = await engineCall(sw, 'engine.meters');
    expect(meters.tracks['vamp-a']!.rmsDb).toBeGreaterThan(-20); // ...while really playing
    console.log(`[sections] loop restarts heard ${loopJumps.filter((e) => e.at < exit.at).length}, passes each ${2 * sr} samples; exit at song frame ${exit.fromFrame} → ${exit.toFrame}, ${Math.round((exit.at - lastPass.at) * sr)} samples after the pass began`);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  });

  it("the player's clock follows the engine through a count-in and a vamp (it neither runs ahead nor sticks at the end)", async () => {
    const shown = () => player.$eval('.seek__bar', (e) => Number((e as HTMLInputElement).value));
    const sample = async (ms: number) => {
      const values: number[] = [];
      for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) values.push(await shown());
      return values;
    };
    // Count-in: one bar at 120 BPM, 2 s of clicks before the song's first frame. The clock waits.
    await engineCall(sw, 'engine.load', { songId: COUNT.id, queue: [COUNT.id] });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    const countingIn = await sample(1_500);
    expect(Math.max(...countingIn)).toBe(0);
    await engineCall(sw, 'engine.transport', { action: 'stop' });

    // A vamp of 1–3 s in an 8 s song, heard for 5 s: the clock wraps with the sound.
    await engineCall(sw, 'engine.load', { songId: VAMP.id, queue: [VAMP.id] });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await engineCall(sw, 'engine.loop', { startSec: 1, endSec: 3 });
    const looping = await sample(5_000);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await engineCall(sw, 'engine.loop', null).catch(() => {});
    const wraps = looping.filter((v, i) => i > 0 && v < looping[i - 1]! - 1).length;
    console.log(`[sections] clock during the vamp: max ${Math.max(...looping).toFixed(2)} s, ${wraps} wraps seen`);
    expect(Math.max(...looping)).toBeLessThanOrEqual(3.3);
    expect(wraps).toBeGreaterThanOrEqual(1);
  });

  it('M stamps a marker at the play head and the seek bar shows the markers', async () => {
    await player.waitForSelector('.markers-strip__tick');
    expect(await player.$$eval('.markers-strip__tick', (t) => t.map((e) => e.textContent))).toEqual(['Intro', 'Verse', 'Chorus', 'Outro']);
    await engineCall(sw, 'engine.seek', { seconds: 6 });
    await player.bringToFront();
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await player.keyboard.press('m');
    await player.waitForFunction(() => document.querySelectorAll('.markers-strip__tick').length === 5, { polling: 50 });
    const names = await player.$$eval('.markers__row input[aria-label="Marker name"]', (els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names.at(-1)).toBe('Section'); // after Outro
  });

  it('M and L go by where the sound is: in a vamp, and after a jump', async () => {
    const markerTimes = async () => (await readRecords<{ id: string; songId: string; time: number }>(player, 'markers')).filter((m) => m.songId === VAMP.id);
    await engineCall(sw, 'engine.load', { songId: VAMP.id, queue: [VAMP.id] });
    await player.bringToFront();
    await engineCall(sw, 'engine.transport', { action: 'stop' }); // from the top
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await engineCall(sw, 'engine.loop', { startSec: 1, endSec: 3 });
    // 4.5 s into the song on the wall clock, but the Verse (1–3 s) is what plays.
    await sleep(4_500);
    const before = new Set((await markerTimes()).map((m) => m.id));
    await pressOnStage(player, ['m']);
    await expect.poll(async () => (await markerTimes()).length).toBe(before.size + 1);
    const stamped = (await markerTimes()).find((m) => !before.has(m.id))!;
    expect(stamped.time).toBeGreaterThanOrEqual(1);
    expect(stamped.time).toBeLessThan(3.1);
    await pressOnStage(player, ['l']); // a loop runs: L releases it
    await expect.poll(async () => (await status()).loop).toBeNull();
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await deleteRecord(player, 'markers', stamped.id);

    // Half a second in, a jump to the Outro (5 s): L loops the Outro, not the Intro the wall clock would say.
    await until((s) => s.state === 'stopped');
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(500);
    await engineCall(sw, 'engine.jump', { seconds: 5, when: 'now' });
    await until((s) => s.positionSec >= 5);
    await pressOnStage(player, ['l']);
    // The Outro runs to the next marker (one stamped at 6 s by the test before), else to the end.
    const outroEnd = Math.min(8, ...(await markerTimes()).map((m) => m.time).filter((t) => t > 5));
    await expect.poll(async () => (await status()).loop).toEqual({ startSec: 5, endSec: outroEnd });
    await engineCall(sw, 'engine.loop', null);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  });

  it('M and L in a count-in go by the song\'s start, where its sound begins (not the clicks\' time)', async () => {
    const markerTimes = async () => (await readRecords<{ id: string; songId: string; time: number }>(player, 'markers')).filter((m) => m.songId === VAMP.id);
    await engineCall(sw, 'engine.load', { songId: VAMP.id, queue: [VAMP.id] });
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await until((s) => s.state === 'stopped' && s.positionSec === 0);
    // Two bars at 240 BPM: 2 s of clicks before the song's first frame.
    await engineCall(sw, 'engine.countIn', { songId: VAMP.id, countInBars: 2, countInGainDb: -6 });
    const before = new Set((await markerTimes()).map((m) => m.id));
    let stampedId: string | null = null;
    try {
      await player.bringToFront();
      await engineCall(sw, 'engine.transport', { action: 'play' });
      await sleep(1_000); // half-way through the count-in
      await pressOnStage(player, ['m']);
      await expect.poll(async () => (await markerTimes()).length).toBe(before.size + 1);
      const stamped = (await markerTimes()).find((m) => !before.has(m.id))!;
      stampedId = stamped.id;
      expect(stamped.time).toBe(0);
      await pressOnStage(player, ['l']);
      // The section under the play head is the Intro (0–1 s), the count-in still clicking.
      await expect.poll(async () => (await status()).loop, { timeout: 3_000 }).toEqual({ startSec: 0, endSec: 1 });
      // Once the clicks end, the song vamps the Intro: the play head stays in it.
      await until((s) => s.positionSec > 0.2, 5_000);
      await sleep(2_500);
      const heads: number[] = [];
      for (let i = 0; i < 10; i++, await sleep(100)) heads.push((await status()).positionSec);
      expect(Math.max(...heads)).toBeLessThan(1.05);
    } finally {
      await engineCall(sw, 'engine.loop', null).catch(() => {});
      await engineCall(sw, 'engine.transport', { action: 'stop' });
      await engineCall(sw, 'engine.countIn', { songId: VAMP.id, countInBars: 0, countInGainDb: -6 });
      if (stampedId) await deleteRecord(player, 'markers', stampedId);
    }
  });
});

describe('tempo changes at markers', () => {
  const chorusMarker = () =>
    player.evaluate(async () => {
      const Dexie = (globalThis as unknown as { Dexie: new (name: string) => { open(): Promise<unknown>; table(name: string): { get(k: string): Promise<unknown> }; close(): void } }).Dexie;
      const db = new Dexie('stagetracker');
      await db.open();
      const marker = await db.table('markers').get('s-vamp-m2');
      db.close();
      return marker as { bpm?: number; timeSignature?: string };
    });

  it('a marker takes a BPM and time signature from the keyboard; bad input says why and changes nothing; the engine gets the tempo map', async () => {
    await engineCall(sw, 'engine.load', { songId: VAMP.id, queue: [VAMP.id] });
    await openView(player, 'library');
    const bpm = 'input[aria-label="Chorus BPM from here (empty: unchanged)"]';
    const signature = 'input[aria-label="Chorus time signature from here (empty: unchanged)"]';
    await player.waitForSelector(bpm);
    await player.focus(bpm);
    await player.keyboard.type('500');
    await player.keyboard.press('Tab'); // to the signature field: the BPM is checked
    await player.waitForSelector('.markers [role="alert"] ::-p-text(BPM must be a number from 20 to 400)');
    expect(await player.$eval(bpm, (e) => (e as HTMLInputElement).value)).toBe('');
    expect(await chorusMarker()).not.toHaveProperty('bpm');

    // A save landing while the signature is half typed (here another marker edited, as the BPM's own
    // save does when the machine is slow) re-renders the rows: what was typed stays.
    await player.focus(bpm);
    await player.keyboard.type('180');
    await player.keyboard.press('Tab');
    await expect.poll(chorusMarker).toMatchObject({ bpm: 180 });
    await player.keyboard.type('7/');
    await player.evaluate(async () => {
      const Dexie = (globalThis as unknown as { Dexie: new (name: string) => { open(): Promise<unknown>; table(name: string): { get(k: string): Promise<unknown>; put(v: unknown): Promise<unknown> }; close(): void } }).Dexie;
      const db = new Dexie('stagetracker');
      await db.open();
      await db.table('markers').put({ ...((await db.table('markers').get('s-vamp-m0')) as object), name: 'Intro (edited elsewhere)' });
      db.close();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await player.$eval(signature, (e) => (e as HTMLInputElement).value)).toBe('7/');
    await player.keyboard.type('8');
    await player.keyboard.press('Tab');
    await expect.poll(chorusMarker).toMatchObject({ bpm: 180, timeSignature: '7/8' });
    expect(await player.$('.markers [role="alert"]')).toBeNull();

    // The loaded song takes its tempo map at once, no reload (the click, the count-in and the bar grid read it).
    await expect.poll(async () => (await status()).song?.tempoChanges).toEqual([{ atSec: 3, bpm: 180, timeSignature: '7/8' }]);
  });
});
