import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineCall, noiseTrack, seedSongs } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, waitForText } from './library-page';
import { putRecords } from './library-db';
import { fireMidi, installMidiDouble, midiAccessCalls, midiSent } from './midi-fixtures';
import { openView } from './views-page';

// MIDI through the Web MIDI API, its test double (midi-fixtures.ts) the boundary: learn, program change, MIDI out.
const song = (id: string, title: string, seed: number) => ({ id, title, tracks: [noiseTrack(`${id}-t`, { seed, seconds: 20, sampleRate: 44_100 })] });
const A = song('m-alpha', 'Alpha', 1);
const B = song('m-bravo', 'Bravo', 2);
const C = song('m-charlie', 'Charlie', 3);

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

const status = () => engineCall(sw, 'engine.status');
const learnedFor = (label: string) =>
  player.$$eval('.midi-learn tr', (rows, label) => {
    const row = rows.find((r) => r.querySelector('th')?.textContent === label);
    return [...(row?.querySelectorAll('kbd') ?? [])].map((k) => k.textContent);
  }, label);

beforeAll(async () => {
  ext = await launchExtension();
  player = await ext.browser.newPage();
  player.setDefaultTimeout(10_000);
  await installMidiDouble(player);
  await player.goto(`chrome-extension://${ext.extensionId}/player.html`);
  sw = await ext.serviceWorker();
  await seedSongs(player, [A, B, C]);
  await putRecords(player, 'setlists', [{ id: 'gig', name: 'Gig', entries: [A, B, C].map((s) => ({ songId: s.id, end: 'stop', skip: false })), createdAt: 0, updatedAt: 0 }]);
  await player.reload();
  await waitForText(player, /Engine ready/);
  // MIDI and pedals are in the settings view (a reload keeps the view).
  await openView(player, 'settings');
});

afterAll(async () => {
  await ext?.close();
});

// A program change that starts a setlist entry brings up the performance view: come back each time.
beforeEach(() => openView(player, 'settings'));

describe('MIDI in the player', () => {
  it('asks for MIDI access only when the performer turns MIDI on, and lists the device', async () => {
    expect(await midiAccessCalls(player)).toBe(0);
    await player.locator(byRole('button', 'Turn on MIDI')).click();
    await waitForText(player, /MIDI is on\. Inputs: Test Pedalboard\./);
    expect(await midiAccessCalls(player)).toBe(1);
  });

  it('a program change jumps to that setlist entry (program 0 is entry 1)', async () => {
    await fireMidi(player, [0xc0, 1]);
    await expect.poll(async () => (await status()).song?.id).toBe(B.id);
    await fireMidi(player, [0xc0, 0]);
    await expect.poll(async () => (await status()).song?.id).toBe(A.id);
    expect((await status()).state).not.toBe('playing');
  });

  it('learns a CC for Play/Pause, shows it, and the CC then plays and pauses', async () => {
    await player.locator(byRole('button', 'Learn MIDI for Play/Pause')).click();
    await fireMidi(player, [0xb0, 64, 127]);
    await expect.poll(() => learnedFor('Play/Pause')).toEqual(['CC 64 ch 1']);
    expect((await status()).state).not.toBe('playing'); // learning does not run the action
    await fireMidi(player, [0xb0, 64, 0]);

    await fireMidi(player, [0xb0, 64, 127]);
    await expect.poll(async () => (await status()).state).toBe('playing');
    await expect.poll(async () => (await status()).positionSec, { timeout: 5_000 }).toBeGreaterThan(0.2);
    await fireMidi(player, [0xb0, 64, 0]);
    await fireMidi(player, [0xb0, 64, 127]);
    await expect.poll(async () => (await status()).state).toBe('paused');
  });

  it('a trigger learned for another action is reported, not silently moved', async () => {
    await player.locator(byRole('button', 'Learn MIDI for Stop')).click();
    await fireMidi(player, [0xb0, 64, 127]);
    await waitForText(player, /CC 64 ch 1 is already the MIDI trigger for Play\/Pause/);
    await player.locator(byRole('button', 'Keep it for Play/Pause')).click();
    expect(await learnedFor('Stop')).toEqual([]);
    expect(await learnedFor('Play/Pause')).toEqual(['CC 64 ch 1']);
  });

  it('learns a note and a program change as well; each then runs its action (a learned program change, not a setlist jump)', async () => {
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await player.locator(byRole('button', 'Learn MIDI for Next song')).click();
    await fireMidi(player, [0x91, 60, 100]); // note on, C3, channel 2
    await expect.poll(() => learnedFor('Next song')).toEqual(['Note C3 ch 2']);
    await fireMidi(player, [0x81, 60, 0]);
    await player.locator(byRole('button', 'Learn MIDI for Stop')).click();
    await fireMidi(player, [0xc0, 9]);
    await expect.poll(() => learnedFor('Stop')).toEqual(['PC 9 ch 1']);

    const before = (await status()).song?.id;
    await fireMidi(player, [0x91, 60, 100]);
    await fireMidi(player, [0x81, 60, 0]);
    await expect.poll(async () => (await status()).song?.id).not.toBe(before);
    await fireMidi(player, [0xb0, 64, 127]); // Play/Pause, learned above
    await fireMidi(player, [0xb0, 64, 0]);
    await expect.poll(async () => (await status()).state).toBe('playing');
    // Twice: a program change has no release, and each one acts.
    for (let i = 0; i < 2; i++) {
      await fireMidi(player, [0xc0, 9]);
      await expect.poll(async () => (await status()).state).toBe('stopped');
      if (i === 0) {
        await fireMidi(player, [0xb0, 64, 127]);
        await fireMidi(player, [0xb0, 64, 0]);
        await expect.poll(async () => (await status()).state).toBe('playing');
      }
    }
    // Removed from the keyboard-reachable chips, they act no more.
    await player.locator(byRole('button', 'Remove Note C3 ch 2 from Next song')).click();
    await player.locator(byRole('button', 'Remove PC 9 ch 1 from Stop')).click();
    await expect.poll(() => learnedFor('Stop')).toEqual([]);
    expect(await learnedFor('Next song')).toEqual([]);
    // Back to the setlist's first entry (PC 0 jumps there again) for the song-start test.
    await fireMidi(player, [0xc0, 0]);
    await expect.poll(async () => (await status()).song?.id).toBe(A.id);
  });

  it("sends the song's program change on its start, timestamped for its first frame", async () => {
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await player.locator('::-p-aria([name="Program change"][role="spinbutton"])').fill('5');
    await player.locator(byRole('button', 'Save MIDI out')).click();
    await waitForText(player, /Sends PC 5 on ch 1\./);
    const before = (await midiSent(player)).length;

    await fireMidi(player, [0xb0, 64, 127]);
    await expect.poll(async () => (await midiSent(player)).length).toBe(before + 1);
    const [sent] = (await midiSent(player)).slice(before);
    expect(sent!.data).toEqual([0xc0, 5]);
    // Scheduled ahead for the first frame (a number on the page clock), or at once (0) if the status came late.
    expect(sent!.timestamp).toBeTypeOf('number');
    expect(sent!.timestamp === 0 || sent!.timestamp! > sent!.at).toBe(true); // never a time already past
    await waitForText(player, /Sent PC 5 on ch 1 to Test Synth at the start of “Alpha”/);
    await fireMidi(player, [0xb0, 64, 0]);
    await fireMidi(player, [0xb0, 64, 127]); // pause: not a start, nothing sent
    await expect.poll(async () => (await status()).state).toBe('paused');
    expect(await midiSent(player)).toHaveLength(before + 1);
  });

  it('keeps the learned MIDI after the player is reopened', async () => {
    await player.reload();
    await waitForText(player, /Engine ready/);
    await openView(player, 'settings');
    // The double's permission is never remembered, so the player asks to be turned on again, without prompting.
    await waitForText(player, /MIDI is on, but Chrome needs the permission again/);
    expect(await midiAccessCalls(player)).toBe(0);
    await player.locator(byRole('button', 'Turn on MIDI')).click();
    await waitForText(player, /MIDI is on\./);
    expect(await learnedFor('Play/Pause')).toEqual(['CC 64 ch 1']);
  });
});

describe('pedal test', () => {
  it('shows what a key press and a MIDI message send, and runs neither', async () => {
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    const before = await status();
    await player.locator(byRole('button', 'Open pedal test')).click();
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await player.keyboard.press('PageDown');
    await waitForText(player, /Page Down · code PageDown · key PageDown · no modifiers\s+Next song/);
    await player.keyboard.press('KeyQ');
    await waitForText(player, /Q · code KeyQ · key q · no modifiers\s+Not bound/);
    await fireMidi(player, [0xb0, 64, 127]);
    await waitForText(player, /CC 64 value 127, ch 1 \[B0 40 7F\]\s+Play\/Pause/);
    await new Promise((r) => setTimeout(r, 500));
    const after = await status();
    expect(after.song?.id).toBe(before.song?.id);
    expect(after.state).toBe(before.state);

    await player.locator(byRole('button', 'Close pedal test')).click();
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await player.keyboard.press('PageDown');
    await expect.poll(async () => (await status()).song?.id).not.toBe(before.song?.id);
  });
});

describe('MIDI permission refused', () => {
  it('says why, and keys keep working', async () => {
    const page = await ext.browser.newPage();
    page.setDefaultTimeout(10_000);
    await installMidiDouble(page, { refuse: true });
    await page.goto(`chrome-extension://${ext.extensionId}/player.html`);
    await waitForText(page, /Engine ready/);
    await openView(page, 'settings');
    await page.locator(byRole('button', 'Turn on MIDI')).click();
    await waitForText(page, /MIDI permission was refused.*keys and pedals keep working/);
    const before = (await status()).state;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Space');
    await expect.poll(async () => (await status()).state).not.toBe(before);
    await page.close();
  });
});
