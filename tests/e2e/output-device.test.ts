/**
 * The output device, chosen as a performer does and heard where it plays: a private PulseAudio
 * server gives Chromium two real output devices (null sinks, "House-PA" and "In-ear-mix"), and
 * each device's monitor records what actually reaches it. No stand-in for enumerateDevices or
 * setSinkId: the player lists what Chrome lists and the engine opens what Chrome opens.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { openPlayerPage } from './show-fixtures';
import { peakDb, startSoundServer, type SoundServer } from './sound-server';
import { openView } from './views-page';

const SONG = { id: 'device-a', title: 'Device A', tracks: ['Drums', 'Keys'].map((name, i) => noiseTrack(`da-${i}`, { name, seconds: 40, seed: i + 3 })) };
const DEVICES = { house: 'House-PA', inears: 'In-ear-mix' };

let sound: SoundServer;
let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  sound = await startSoundServer(DEVICES);
  ext = await launchExtension({ env: sound.env, audible: true });
  player = await openPlayerPage(ext);
  sw = await ext.serviceWorker();
  await ext.offscreenPage();
  await seedSongs(player, [SONG]);
  await engineCall(sw, 'engine.load', { songId: SONG.id });
  await openView(player, 'settings');
}, 60_000);

afterAll(async () => {
  await ext?.close();
  await sound?.stop();
});

/** Peak level reaching each device over the same `seconds`, recorded from their monitors. */
async function heard(seconds = 1.2): Promise<Record<keyof typeof DEVICES, number>> {
  const [house, inears] = await Promise.all([sound.record('house', seconds), sound.record('inears', seconds)]);
  return { house: peakDb(house), inears: peakDb(inears) };
}

async function press(text: string): Promise<void> {
  const button = await player.waitForSelector(`.outputs button ::-p-text(${text})`);
  await button!.focus();
  await player.keyboard.press('Enter');
}

/** Picks a device in the Outputs panel's list by the name Chrome gives it. */
async function choose(label: string): Promise<string> {
  const select = await player.waitForSelector('.outputs__device select');
  const id = await select!.evaluate((s, label) => [...s.options].find((o) => o.textContent === label)?.value ?? null, label);
  expect(id, `"${label}" is listed`).toBeTruthy();
  await select!.select(id!);
  return id!;
}

const output = async () => (await engineCall(sw, 'engine.status')).output!;

describe('the output device, on real devices', () => {
  it('without the microphone permission Chrome lists no device: the panel says so and the default plays', async () => {
    await press('Choose output device…');
    await player.waitForSelector('.outputs ::-p-text(nothing is recorded)');
    await press('Keep the default output');
    await player.waitForSelector('.outputs [role="alert"] ::-p-text(Chrome lists no output devices)');
    const options = await player.$$eval('.outputs__device select option', (o) => o.map((e) => e.textContent));
    expect(options).toEqual(['System default']);
    expect((await output()).deviceId).toBe('');
    // Answered once, not once per page: the player opened again goes straight to the list.
    await player.reload();
    await openView(player, 'settings');
    await press('Choose output device…');
    await player.waitForSelector('.outputs__device select');
    expect(await player.$('.outputs ::-p-text(nothing is recorded)')).toBeNull();
  });

  it('allowed, lists the real devices by name; the chosen one gets the song, the other gets nothing', async () => {
    // What the performer's "Allow" in Chrome's prompt grants (headless Chrome shows no prompt).
    const cdp = await ext.browser.target().createCDPSession();
    await cdp.send('Browser.grantPermissions', { permissions: ['audioCapture'] });
    await press('Allow and list outputs');
    await player.waitForFunction((labels) => labels.every((l) => [...document.querySelectorAll('.outputs__device option')].some((o) => o.textContent === l)), {}, Object.values(DEVICES));
    expect(await player.$('.outputs [role="alert"]')).toBeNull();

    const inears = await choose(DEVICES.inears);
    await expect.poll(async () => (await output()).deviceId, { timeout: 5000 }).toBe(inears);
    expect((await output()).notice).toBeNull();
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(400);
    const levels = await heard();
    console.log(`[output-device] In-ear-mix chosen: in-ears ${levels.inears.toFixed(1)} dBFS, house ${levels.house.toFixed(1)} dBFS`);
    expect(levels.inears).toBeGreaterThan(-30);
    expect(levels.house).toBe(-200);
  });

  it('a device chosen while the song plays takes over at the pause, not mid-song', async () => {
    const house = await choose(DEVICES.house);
    await expect.poll(async () => (await output()).pendingDeviceId, { timeout: 5000 }).toBe(house);
    const during = await heard(0.8);
    expect(during.inears, 'the song plays on where it was').toBeGreaterThan(-30);
    expect(during.house).toBe(-200);

    await engineCall(sw, 'engine.transport', { action: 'pause' });
    await expect.poll(async () => (await output()).deviceId, { timeout: 5000 }).toBe(house);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(400);
    const after = await heard();
    console.log(`[output-device] House-PA after the pause: house ${after.house.toFixed(1)} dBFS, in-ears ${after.inears.toFixed(1)} dBFS`);
    expect(after.house).toBeGreaterThan(-30);
    expect(after.inears).toBe(-200);
    await engineCall(sw, 'engine.transport', { action: 'stop' });
  });
});
