import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/messages';
import { engineCall } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';
import { byRole, dropWavs, waitForText } from './library-page';
import { pressOnStage } from './keyboard';
import { openView } from './views-page';

let ext: ExtensionHarness;
let player: Page;

/** The engine's own answer, over the real message contract. */
const engine = async (): Promise<EngineStatus> => engineCall(await ext.serviceWorker(), 'engine.status');
/** The keys the settings table shows for an action. */
const keysOf = (label: string) =>
  player.$$eval('.shortcuts tr', (rows, label) => {
    const row = rows.find((r) => r.querySelector('th')?.textContent === label);
    return [...(row?.querySelectorAll('kbd') ?? [])].map((k) => k.textContent);
  }, label);
const shortcutStatus = () => player.$eval('.shortcut-status', (el) => el.textContent);

beforeAll(async () => {
  ext = await launchExtension();
  player = await ext.openPlayer();
  await waitForText(player, /Engine ready/);
  // Two songs, so next and previous have somewhere to go; the second import is selected and loaded.
  for (const title of ['Alpha', 'Bravo']) {
    await dropWavs(player, [`${title} - Click.wav`, `${title} - Pad.wav`], 20);
    await waitForText(player, new RegExp(`Imported “${title}”`));
  }
  await player.waitForFunction(() => document.querySelector('.transport__song')?.textContent?.includes('Bravo'), { polling: 50 }).catch(async (e) => {
    throw new Error(`DEBUG ${await player.evaluate(() => document.body.innerText)} ${JSON.stringify(await engine())}`, { cause: e });
  });
});

afterAll(async () => {
  await ext?.close();
});

describe('in-player shortcuts (defaults)', () => {
  it('Space plays and pauses, even with a button focused', async () => {
    await player.focus('::-p-aria([name="Import song files"][role="button"])');
    await player.keyboard.press('Space');
    await expect.poll(async () => (await engine()).state).toBe('playing');
    expect(await shortcutStatus()).toBe('Play/Pause');
    await pressOnStage(player, ['Space']);
    await expect.poll(async () => (await engine()).state).toBe('paused');
  });

  it.each([
    ['ArrowLeft', 'Previous song', 'Alpha'],
    ['ArrowRight', 'Next song', 'Bravo'],
    ['PageUp', 'Previous song', 'Alpha'],
    ['PageDown', 'Next song', 'Bravo'],
  ] as const)('%s goes to the %s', async (key, label, title) => {
    await pressOnStage(player, [key]);
    await expect.poll(async () => (await engine()).song?.title).toBe(title);
    expect(await shortcutStatus()).toBe(label);
  });

  it('with the seek bar or a fader focused, the arrows move that control and stay on the song', async () => {
    await openView(player, 'perform');
    const before = (await engine()).song?.title;
    await player.focus('.seek__bar');
    await player.keyboard.press('ArrowRight');
    await player.focus('.mixer input[type="range"]');
    const fader = () => player.$eval('.mixer input[type="range"]', (e) => Number((e as HTMLInputElement).value));
    const level = await fader();
    await player.keyboard.press('ArrowLeft');
    await expect.poll(fader).toBeLessThan(level);
    expect((await engine()).song?.title).toBe(before);
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  it('Shift+Right seeks forward, Home goes back to the start', async () => {
    await player.keyboard.down('Shift');
    await player.keyboard.press('ArrowRight');
    await player.keyboard.up('Shift');
    await expect.poll(async () => (await engine()).positionSec).toBeGreaterThanOrEqual(5);
    await pressOnStage(player, ['Home']);
    await expect.poll(async () => (await engine()).positionSec).toBeLessThan(1);
  });

  it('Escape is a panic stop, and S stops', async () => {
    for (const [key, label] of [['Escape', 'Panic stop'], ['KeyS', 'Stop']] as const) {
      await pressOnStage(player, ['Space']);
      await expect.poll(async () => (await engine()).state).toBe('playing');
      await pressOnStage(player, [key]);
      await expect.poll(async () => (await engine()).state).not.toBe('playing');
      expect(await shortcutStatus()).toBe(label);
    }
  });

  it('leaves typing in the search box alone', async () => {
    await openView(player, 'library');
    await player.type('input[type=search]', 'a ');
    expect(await player.$eval('input[type=search]', (i) => (i as HTMLInputElement).value)).toBe('a ');
    expect((await engine()).state).not.toBe('playing');
    await player.$eval('input[type=search]', (i) => ((i as HTMLInputElement).value = ''));
  });
});

describe('editing shortcuts', () => {
  it('records a new key, and shows a conflict instead of taking a key in use', async () => {
    await openView(player, 'settings');
    await player.locator(byRole('button', 'Add a key for Next song')).click();
    await player.keyboard.press('KeyN');
    await expect.poll(() => keysOf('Next song')).toEqual(['Right Arrow', 'Page Down', 'N']);

    await player.locator(byRole('button', 'Add a key for Stop')).click();
    await player.keyboard.press('Space');
    const alert = await waitForText(player, /Space is already the key for Play\/Pause\./);
    expect(alert).toContain('Use Space for Stop instead');
    await player.locator(byRole('button', 'Keep it for Play/Pause')).click();
    expect(await keysOf('Stop')).toEqual(['S']);
    await pressOnStage(player, ['Space']);
    await expect.poll(async () => (await engine()).state).toBe('playing');
    await pressOnStage(player, ['Space']);
    await expect.poll(async () => (await engine()).state).toBe('paused');
  });

  it('shows the Chrome shortcuts and refuses one as a player key', async () => {
    expect(await waitForText(player, /Play or pause\tCtrl\+Shift\+1/)).toContain('Change global shortcuts in Chrome');
    await player.locator(byRole('button', 'Add a key for Stop')).click();
    await player.keyboard.down('Control');
    await player.keyboard.down('Shift');
    await player.keyboard.press('Digit1');
    await player.keyboard.up('Shift');
    await player.keyboard.up('Control');
    await waitForText(player, /Ctrl\+Shift\+1 is Chrome's shortcut for “Play or pause”/);
  });
});

describe('stage lock', () => {
  it('ignores a single Next tap while playing; a double press still goes to the next song', async () => {
    await openView(player, 'settings');
    await player.locator(byRole('checkbox', 'Stage lock')).click();
    await pressOnStage(player, ['ArrowLeft']);
    await expect.poll(async () => (await engine()).song?.title).toBe('Alpha');
    await pressOnStage(player, ['Space']);
    await expect.poll(async () => (await engine()).state).toBe('playing');

    await pressOnStage(player, ['ArrowRight']);
    expect(await shortcutStatus()).toBe('Stage lock: hold or press twice for Next song');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await engine()).song?.title).toBe('Alpha');
    expect((await engine()).state).toBe('playing');

    await pressOnStage(player, ['ArrowRight']);
    await pressOnStage(player, ['ArrowRight']);
    await expect.poll(async () => (await engine()).song?.title).toBe('Bravo');
    await pressOnStage(player, ['Escape']);
  });
});
