/**
 * The Outputs panel as a performer uses it, by keyboard: on a two-channel output it offers the
 * classic split (click and guide left, band right), a generated click becomes a track of its own
 * in the engine and the mixer, the routing is kept per song and as a default for other songs,
 * and the device picker explains the microphone question before asking it.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_CLICK_ID } from '../../extension/outputs/routing.ts';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { openPlayerPage, setShowData } from './show-fixtures';
import { openView } from './views-page';

const SONG = { id: 'routing-a', title: 'Routing A', tracks: ['Guide', 'Drums', 'Keys'].map((name, i) => noiseTrack(`ra-${i}`, { name, seconds: 8, seed: i + 1 })) };
const OTHER = { id: 'routing-b', title: 'Routing B', tracks: ['Guide', 'Bass'].map((name, i) => noiseTrack(`rb-${i}`, { name, seconds: 8, seed: i + 5 })) };

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  ext = await launchExtension();
  player = await openPlayerPage(ext);
  sw = await ext.serviceWorker();
  await ext.offscreenPage();
  await seedSongs(player, [SONG, OTHER]);
  await setShowData(player, [{ songId: SONG.id, bpm: 120 }]);
  await engineCall(sw, 'engine.load', { songId: SONG.id });
  await openView(player, 'settings');
  await player.waitForFunction(() => document.querySelector('.outputs caption')?.textContent?.includes('Routing A'));
});

afterAll(async () => {
  await ext?.close();
});

/** The output select of each track row, by the track's name. */
const routes = () =>
  player.$$eval('.outputs__tracks tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.querySelector('th')!.textContent!.trim(), r.querySelector('select')!.value])));

/** Focuses a control of the panel (it must take focus: keyboard-reachable) and activates it with a key. */
async function press(text: string): Promise<void> {
  const focus = (wanted: string) => {
    const found = [...document.querySelectorAll<HTMLElement>('.outputs button, .outputs label')].find((el) => el.textContent?.trim().startsWith(wanted));
    const control = found instanceof HTMLLabelElement ? found.querySelector('input') : found;
    if (!control) return false;
    control.focus();
    return document.activeElement === control && control.tabIndex >= 0;
  };
  await player.waitForFunction(focus, {}, text);
  await player.keyboard.press('Enter');
}

describe('Outputs panel', () => {
  it('says the output has two channels and offers click and guide left, band right', async () => {
    const status = await engineCall(sw, 'engine.status');
    expect(status.output?.maxChannels).toBeLessThanOrEqual(2);
    expect(await player.$eval('.outputs', (el) => el.textContent)).toContain('This output has two channels');
    expect(await routes()).toEqual({ Guide: 'pair:0', Drums: 'pair:0', Keys: 'pair:0' });
    await press('Click and guide left, band right');
    await player.waitForFunction(() => document.querySelector('.outputs caption')?.textContent?.includes('this song’s routing'));
    expect(await routes()).toEqual({ Guide: 'mono:0', Drums: 'mono:1', Keys: 'mono:1' });
    // Every select is labelled by its track.
    const labels = await player.$$eval('.outputs__tracks select', (selects) => selects.map((s) => document.getElementById(s.getAttribute('aria-labelledby')!)?.textContent?.trim()));
    expect(labels).toEqual(['Guide', 'Drums', 'Keys']);
  });

  it('adds a generated click as a track of its own (engine, mixer, routing), on the left with the guide, and plays it', async () => {
    await press('Generated click: off');
    await player.waitForFunction(() => [...document.querySelectorAll('.outputs__tracks th')].some((th) => th.textContent?.includes('Click (generated)')));
    expect(await routes()).toEqual({ Guide: 'mono:0', Drums: 'mono:1', Keys: 'mono:1', 'Click (generated)': 'mono:0' });
    const status = await engineCall(sw, 'engine.status');
    expect(status.song?.tracks.map((t) => t.id)).toContain(GENERATED_CLICK_ID);
    expect(status.mix?.tracks[GENERATED_CLICK_ID]).toMatchObject({ mute: false });
    await player.waitForSelector('.mixer [aria-label="Click (generated) volume"]');
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(1500);
    const playing = await engineCall(sw, 'engine.status');
    expect(playing).toMatchObject({ state: 'playing', error: null });
    expect(playing.positionSec).toBeGreaterThan(0.5);
    // A meter reads ~43 ms and a click lasts 30 ms of each 500 ms beat: the loudest of many reads.
    let clickPeak = -200;
    for (let i = 0; i < 30 && clickPeak <= -40; i++) {
      clickPeak = Math.max(clickPeak, (await engineCall(sw, 'engine.meters')).tracks[GENERATED_CLICK_ID]!.peakDb);
      await sleep(40);
    }
    expect(clickPeak).toBeGreaterThan(-40);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  });

  it('keeps the song routing after a reload, and gives other songs the default saved from it', async () => {
    await player.reload();
    await player.waitForFunction(() => document.querySelector('.outputs caption')?.textContent?.includes('Routing A'));
    await player.waitForFunction(() => document.querySelectorAll('.outputs__tracks tbody tr').length === 4);
    expect(await routes()).toEqual({ Guide: 'mono:0', Drums: 'mono:1', Keys: 'mono:1', 'Click (generated)': 'mono:0' });
    await press('Save as default routing');
    await sleep(300);
    await engineCall(sw, 'engine.load', { songId: OTHER.id });
    await player.waitForFunction(() => document.querySelector('.outputs caption')?.textContent?.includes('Routing B'));
    expect(await player.$eval('.outputs caption', (el) => el.textContent)).toContain('the default routing');
    // By role: the guide goes left, the bass (band) right; the generated click comes with the default (no BPM here: not offered).
    expect(await routes()).toEqual({ Guide: 'mono:0', Bass: 'mono:1' });
  });

  it('explains the microphone question before the device list, and the default output still plays', async () => {
    await press('Choose output device…');
    const explained = await player.waitForFunction(() => {
      const text = document.querySelector('.outputs__device')?.textContent ?? '';
      return text.includes('Output device') ? 'list' : text.includes('nothing is recorded') ? 'explain' : false;
    });
    if ((await explained.jsonValue()) === 'explain') await press('Keep the default output');
    const select = await player.waitForSelector('.outputs__device select');
    expect(await select!.evaluate((s) => ({ label: s.closest('label')?.textContent, first: s.options[0]?.textContent }))).toMatchObject({ first: 'System default' });
    await select!.select('');
    await sleep(300);
    expect((await engineCall(sw, 'engine.status')).output).toMatchObject({ deviceId: '', notice: null });
  });
});
