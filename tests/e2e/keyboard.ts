/** Key presses as a performer makes them: on the player page with nothing focused (after a click on empty stage space). */
import type { KeyInput, Page } from 'puppeteer-core';

/** Presses `chords` in turn, `gapMs` apart; a chord is 'Space' or 'Shift+ArrowRight'. */
export async function pressOnStage(page: Page, chords: string[], gapMs = 0): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (const [i, chord] of chords.entries()) {
    if (i > 0 && gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const mods = chord.split('+') as KeyInput[];
    const key = mods.pop()!;
    for (const mod of mods) await page.keyboard.down(mod);
    await page.keyboard.press(key);
    for (const mod of mods.reverse()) await page.keyboard.up(mod);
  }
}
