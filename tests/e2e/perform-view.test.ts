/**
 * The performance view as a performer sees it at 1280×800 and 1920×1080: a song with lyrics,
 * markers and a four-track mix, in a setlist started from the setlists view. Checked in the page:
 * every region on screen without scrolling and none overlapping, the markers on the bar's own
 * scale, stage text at 7:1 contrast or more, every control reached by Tab with a name; and the
 * tabs (arrow keys, a locked show keeps the other views and the sign-in form away).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, sleep } from './engine-fixtures';
import type { ExtensionHarness } from './harness';
import { byRole } from './library-page';
import { openShowPlayer, showSongs } from './perform-page';
import { openView, waitForView } from './views-page';

/** Each run writes its screenshots here (not committed; docs/perform-view-1280x800.png is the README's copy). */
const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

const SHOW = showSongs(60);
const { main: SONG, next: NEXT, last: LAST } = SHOW;

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  ({ ext, sw, player } = await openShowPlayer(SHOW, SIZES[0]));
}, 60_000);

afterAll(async () => {
  await engineCall(sw, 'engine.transport', { action: 'stop' }).catch(() => {});
  await ext?.close();
});

/** Every region on screen below the header, none overlapping, no scrolling; the lyrics get the current line and two more at least. */
function expectFits(m: Awaited<ReturnType<typeof measure>>, size: { width: number; height: number }): void {
  expect(m.scroll).toEqual({ width: size.width, height: size.height });
  expect(m.regions.map((r) => r.name).sort()).toEqual(['lyrics', 'mixer', 'now', 'progress', 'setlist', 'transport']);
  for (const r of m.regions) {
    expect(r, `${r.name} on screen`).toMatchObject({ left: expect.any(Number) });
    expect(r.left, `${r.name} left`).toBeGreaterThanOrEqual(0);
    expect(r.top, `${r.name} top`).toBeGreaterThanOrEqual(m.header.bottom);
    expect(r.right, `${r.name} right`).toBeLessThanOrEqual(size.width);
    expect(r.bottom, `${r.name} bottom`).toBeLessThanOrEqual(size.height);
    expect(r.height, `${r.name} has room`).toBeGreaterThan(40);
  }
  for (const [i, a] of m.regions.entries()) {
    for (const b of m.regions.slice(i + 1)) {
      const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
    }
  }
  expect(m.regions.find((r) => r.name === 'lyrics')!.height, 'lyrics height').toBeGreaterThanOrEqual(150);
}

/** Geometry, overflow and contrast of the performance view, measured in the page. */
function measure(page: Page) {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const [r = 0, g = 0, b = 0, a = 1] = (c.match(/[\d.]+/g) ?? []).map(Number);
      return [r, g, b, c.startsWith('rgba') ? a : 1];
    };
    const luminance = ([r, g, b]: Rgba) => {
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const over = (top: Rgba, under: Rgba, alpha = top[3]): Rgba => [0, 1, 2].map((i) => top[i]! * alpha + under[i]! * (1 - alpha)).concat(1) as Rgba;
    /** The opaque colour behind an element: its ancestors' backgrounds composed, the page's last. */
    const backgroundOf = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
      return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1] as Rgba);
    };
    const opacityOf = (el: Element) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const contrast = (el: Element) => {
      const bg = backgroundOf(el);
      const fg = over(parse(getComputedStyle(el).color), bg, parse(getComputedStyle(el).color)[3] * opacityOf(el));
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const regions = [...document.querySelectorAll('#view-perform [data-region]')].map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.getAttribute('data-region')!, left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    });
    const header = document.querySelector('.stage__header')!.getBoundingClientRect();
    const stageText = [
      '.now__title', '.now__meta', '.now__section', '.seek__time', '.transport__button', '.show__setlist', '.show__label', '.show__title', '.show__facts',
      '.show__jump', '.show__number', '.stage-lyrics__line', '.stage-lyrics__line--current', '.stage-info p', '.markers-strip__tick', '.strip__name', '.fader__value',
    ];
    const texts = stageText.flatMap((selector) =>
      [...document.querySelectorAll(`#view-perform ${selector}`)].map((el) => ({ selector, text: (el.textContent ?? '').trim().slice(0, 30), ratio: contrast(el) })),
    );
    const bar = document.querySelector('#view-perform .seek__bar') as HTMLInputElement;
    const barRect = bar.getBoundingClientRect();
    const thumb = parseFloat(getComputedStyle(bar.closest('.seek')!).getPropertyValue('--thumb')) * parseFloat(getComputedStyle(document.documentElement).fontSize);
    const ticks = [...document.querySelectorAll('#view-perform .markers-strip__tick')].map((t) => t.getBoundingClientRect().left + 1);
    return {
      viewport: { width: innerWidth, height: innerHeight },
      scroll: { height: document.scrollingElement!.scrollHeight, width: document.scrollingElement!.scrollWidth },
      header: { bottom: header.bottom },
      regions,
      texts,
      bar: { left: barRect.left, width: barRect.width, thumb, max: Number(bar.max) },
      ticks,
    };
  });
}

describe('the performance view', () => {
  it('is the landing view; starting a setlist in the setlists view brings it back', async () => {
    await waitForView(player, 'perform');
    await openView(player, 'setlists');
    // No setlist yet: the view says so and offers one, instead of an empty picker.
    expect(await player.$eval('.setlist__empty', (e) => (e as HTMLElement).innerText)).toMatch(/No setlists yet.*Create a setlist/s);
    expect(await player.$('select[aria-label="Setlist"]')).toBeNull();
    await player.type('input[aria-label="New setlist name"]', 'Friday set');
    await player.click('.setlist__create button[type="submit"]');
    await player.waitForSelector('select[aria-label="Add song"]');
    for (const [i, id] of [SONG.id, NEXT.id, LAST.id].entries()) {
      await player.select('select[aria-label="Add song"]', id);
      await player.waitForFunction((n) => document.querySelectorAll('.setlist__entry').length === n, { polling: 50 }, i + 1);
    }
    await player.locator(byRole('button', 'Start show')).click();
    await waitForView(player, 'perform');
    await player.waitForFunction(() => document.querySelector('.now__title')?.textContent === 'Harbour Lights', { polling: 50 });
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await engineCall(sw, 'engine.seek', { seconds: 31 });
    // Chorus under the play head, its lyric line lit, the mixer's eight strips and the master.
    await player.waitForFunction(() => document.querySelector('.now__section')?.textContent === 'Chorus', { polling: 50 });
    await player.waitForSelector('.stage-lyrics__line--current');
    await player.waitForFunction(() => document.querySelectorAll('#view-perform .strip').length === 9, { polling: 50 });
    const current = await player.$eval('.show__jump[aria-current="true"]', (e) => e.textContent);
    expect(current).toContain('Harbour Lights');
    expect(await player.$eval('.show__next .show__title', (e) => e.textContent)).toBe('Open Road');
  });

  for (const size of SIZES) {
    it(`fits ${size.width}×${size.height}: every region on screen, none overlapping, no scrolling`, async () => {
      await player.setViewport(size);
      await sleep(300); // one layout after the resize, and the lyrics' smooth scroll
      const m = await measure(player);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await player.screenshot({ path: join(SCREENSHOTS, `perform-${size.width}x${size.height}.png`) as `${string}.png` });

      console.log(`[perform] ${size.width}×${size.height}: ${m.regions.map((r) => `${r.name} ${Math.round(r.width)}×${Math.round(r.height)}@${Math.round(r.left)},${Math.round(r.top)}`).join(', ')}`);
      expectFits(m, size);
      // The compact mixer shows every strip (eight stems and the master) without scrolling sideways,
      // and every track's name whole.
      expect(await player.$eval('#view-perform .mixer__strips', (e) => e.scrollWidth - e.clientWidth)).toBe(0);
      const cut = await player.$$eval('#view-perform .strip__name', (names) => names.filter((n) => n.scrollWidth > n.clientWidth + 0.5).map((n) => n.textContent));
      expect(cut).toEqual([]);
      // Inside each strip, no two visible labels, readouts or controls draw over each other.
      const clashes = await player.$$eval('#view-perform .mixer--compact .strip', (strips) =>
        strips.flatMap((strip) => {
          const boxes = [...strip.querySelectorAll<HTMLElement>('.strip__name, .strip__group, .fader__label, .fader__value, input, button')]
            .map((e) => ({ name: e.className || e.tagName, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 1 && r.height > 1);
          return boxes.flatMap((a, i) =>
            boxes
              .slice(i + 1)
              .filter((b) => a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5)
              .map((b) => `${strip.getAttribute('aria-label')}: ${a.name} over ${b.name}`),
          );
        }),
      );
      expect(clashes).toEqual([]);
    });
  }

  it('still fits at both sizes with a real dropout up: the alert and the engine line take one line each', async () => {
    // Decoding held back for a moment (the offscreen page's test hook): the stems run dry, the
    // engine counts the dropouts and the player shows them as it would in a show.
    const offscreen = await ext.offscreenPage();
    const hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __engineTestHooks: { setDecodeDelay(ms: number): void } }).__engineTestHooks);
    await hooks.evaluate((h) => h.setDecodeDelay(500));
    try {
      await player.waitForFunction(() => Number(document.querySelector('.dropout-alert')?.getAttribute('data-dropouts')) > 1, { polling: 50, timeout: 20_000 });
    } finally {
      await hooks.evaluate((h) => h.setDecodeDelay(0));
    }
    expect(await player.$eval('.dropout-alert', (e) => e.textContent)).toMatch(/dropped out at \d+:\d\d/);
    expect(await player.$eval('.stage__header .engine', (e) => e.textContent)).toMatch(/dropout/);
    for (const size of SIZES) {
      await player.setViewport(size);
      await sleep(300);
      const withAlert = await measure(player);
      console.log(`[perform] ${size.width}×${size.height} with a dropout alert: lyrics ${Math.round(withAlert.regions.find((r) => r.name === 'lyrics')!.height)} px high`);
      expectFits(withAlert, size);
    }
    await player.setViewport(SIZES[0]);
  });

  it('draws the section markers on the seek bar’s own scale', async () => {
    await player.setViewport(SIZES[0]);
    const { bar, ticks } = await measure(player);
    expect(ticks).toHaveLength(4);
    // Where the bar's thumb centre sits at each marker's time.
    const expected = SHOW.markers.map(({ time: t }) => bar.left + bar.thumb / 2 + (t / bar.max) * (bar.width - bar.thumb));
    ticks.forEach((x, i) => expect(Math.abs(x - expected[i]!), `marker ${i}`).toBeLessThanOrEqual(2));
    expect(bar.width).toBeGreaterThan(700);
  });

  it('keeps the stage text at 7:1 contrast or more, in both themes', async () => {
    const check = async () => {
      const { texts } = await measure(player);
      expect(texts.length).toBeGreaterThan(10);
      for (const t of texts) expect(t.ratio, `${t.selector} “${t.text}”`).toBeGreaterThanOrEqual(7);
      return Math.min(...texts.map((t) => t.ratio));
    };
    const dark = await check();
    await openView(player, 'settings');
    await player.locator(byRole('radio', 'High-contrast light')).click();
    await openView(player, 'perform');
    await player.waitForFunction(() => document.documentElement.dataset.theme === 'light-contrast', { polling: 50 });
    await player.screenshot({ path: join(SCREENSHOTS, 'perform-1280x800-light.png') as `${string}.png` });
    const light = await check();
    await openView(player, 'settings');
    await player.locator(byRole('radio', 'Dark stage')).click();
    await openView(player, 'perform');
    console.log(`[perform] lowest stage-text contrast: dark ${dark.toFixed(1)}:1, light ${light.toFixed(1)}:1`);
  });

  it('reaches every control of the view with Tab, each with a name', async () => {
    await engineCall(sw, 'engine.seek', { seconds: 2 }); // room to play on through the test
    const controls = await player.$$eval('#view-perform :is(button, input, select, [tabindex="0"])', (els) =>
      els.filter((e) => !(e as HTMLInputElement).disabled && (e as HTMLElement).offsetParent !== null).length,
    );
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached = new Map<string, string>();
    for (let i = 0; i < controls + 30; i++) {
      await player.keyboard.press('Tab');
      const id = await player.evaluate((n) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body || !el.closest('#view-perform, [role="tablist"]')) return null;
        el.dataset.tabbed ??= String(n);
        return el.dataset.tabbed;
      }, i);
      if (!id) continue;
      const handle = await player.$(`[data-tabbed="${id}"]`);
      const ax = await player.accessibility.snapshot({ root: handle!, interestingOnly: false });
      reached.set(id, ax?.name?.trim() ?? '');
    }
    const unnamed = [...reached.values()].filter((name) => !name);
    expect(unnamed).toEqual([]);
    expect(await player.$eval('[role="tab"][aria-selected="true"]', (e) => !!(e as HTMLElement).dataset.tabbed)).toBe(true);
    const missed = await player.$$eval('#view-perform :is(button, input, select, [tabindex="0"])', (els) =>
      els.filter((e) => !(e as HTMLInputElement).disabled && (e as HTMLElement).offsetParent !== null && !(e as HTMLElement).dataset.tabbed).map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(missed).toEqual([]);
    // Tab moved focus only: the song plays on.
    expect((await engineCall(sw, 'engine.status')).state).toBe('playing');
  });
});

describe('the view tabs', () => {
  it('move with the arrow keys without touching the song', async () => {
    await engineCall(sw, 'engine.seek', { seconds: 2 });
    await player.focus('#tab-perform');
    await player.keyboard.press('ArrowRight');
    await waitForView(player, 'library');
    expect(await player.evaluate(() => document.activeElement?.id)).toBe('tab-library');
    await player.keyboard.press('End');
    await waitForView(player, 'account');
    await player.keyboard.press('ArrowRight'); // wraps
    await waitForView(player, 'perform');
    // P (a shortcut, rebindable in Settings) brings the performance view back from any view.
    await openView(player, 'backup');
    await player.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await player.keyboard.press('KeyP');
    await waitForView(player, 'perform');
    expect((await engineCall(sw, 'engine.status')).song?.id).toBe(SONG.id);
  });

  it('a locked show keeps the performer on the performance view, the sign-in form off screen', async () => {
    await engineCall(sw, 'engine.seek', { seconds: 2 });
    expect((await engineCall(sw, 'engine.status')).state).toBe('playing');
    await openView(player, 'settings');
    const hide = byRole('checkbox', 'Hide library, lyrics editing, settings and backup while a song plays');
    await player.locator(hide).click();
    // The show is playing: the lock takes effect at once.
    await player.waitForFunction(() => document.querySelectorAll('[role="tab"]').length === 1, { polling: 50 });
    await waitForView(player, 'perform');
    expect(await player.$eval('[role="tab"]', (e) => e.textContent)).toBe('Perform');
    const signInVisible = await player.evaluate(() => {
      const form = document.querySelector('#account-email');
      return !!form && form.checkVisibility();
    });
    expect(signInVisible).toBe(false);

    await engineCall(sw, 'engine.transport', { action: 'stop' });
    await player.waitForFunction(() => document.querySelectorAll('[role="tab"]').length === 6, { polling: 50 });
    // The tab chosen before the lock comes back with the views.
    await waitForView(player, 'settings');
    await player.locator(hide).click();
    await openView(player, 'perform');
  });
});

describe('small things on the desk views', () => {
  it('stage settings: a label, a field and a unit per setting; targets of 32 px and more', async () => {
    await openView(player, 'settings');
    const fields = await player.$$eval('.stage-settings__field', (rows) =>
      rows.map((row) => ({
        label: row.querySelector('label')!.textContent,
        input: (row.querySelector('input') as HTMLInputElement).labels?.[0]?.textContent,
        height: row.querySelector('input')!.getBoundingClientRect().height,
        gap: row.querySelector('input')!.getBoundingClientRect().left - row.querySelector('label')!.getBoundingClientRect().right,
      })),
    );
    expect(fields.map((f) => f.label)).toEqual(['Lyrics size', 'Text size', 'Lyrics look-ahead', 'Transport fade']);
    for (const f of fields) {
      expect(f.input).toBe(f.label);
      expect(f.height).toBeGreaterThanOrEqual(32);
      expect(f.gap).toBeGreaterThan(4);
    }
    const small = await player.$$eval('#view-settings input[type="checkbox"], #view-settings input[type="radio"], #view-setlists select, #view-setlists input[type="checkbox"]', (els) =>
      els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.height < 32 || r.width < 32)).length,
    );
    expect(small).toBe(0);
  });

  it('setlist entries: the At end select and the Skip box are 32 px targets', async () => {
    await openView(player, 'setlists');
    const sizes = await player.$$eval('.setlist__entry :is(select, input[type="checkbox"])', (els) => els.map((e) => Math.min(e.getBoundingClientRect().height, e.getBoundingClientRect().width)));
    expect(sizes.length).toBe(6);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(32);
    await openView(player, 'perform');
  });
});
