/**
 * Helpers for the setlist and section end-to-end tests: song fields the seed leaves empty
 * (BPM, markers, count-in), and the output tap (output-tap.ts) that timestamps what the engine
 * really played on the AudioContext clock.
 */
import type { Page } from 'puppeteer-core';
import type { TimelineEvent } from '../../shared/messages.ts';
import type { ExtensionHarness } from './harness.ts';

/** Writes BPM/time signature, count-in and markers straight into the library (Dexie opened dynamically). */
export async function setShowData(
  page: Page,
  data: { songId: string; bpm?: number; timeSignature?: string; countInBars?: number; countInGainDb?: number; markers?: { name: string; time: number }[] }[],
): Promise<void> {
  await page.evaluate(async (items) => {
    const Dexie = (globalThis as unknown as { Dexie: new (name: string) => { open(): Promise<unknown>; table(name: string): { update(k: string, c: object): Promise<number>; put(v: object): Promise<unknown> }; close(): void } }).Dexie;
    const db = new Dexie('stagetracker');
    await db.open();
    for (const item of items) {
      if (item.bpm) await db.table('songs').update(item.songId, { bpm: item.bpm, timeSignature: item.timeSignature ?? '4/4' });
      if (item.countInBars !== undefined) await db.table('songShow').put({ songId: item.songId, countInBars: item.countInBars, countInGainDb: item.countInGainDb ?? -6 });
      for (const [i, m] of (item.markers ?? []).entries()) await db.table('markers').put({ id: `${item.songId}-m${i}`, songId: item.songId, name: m.name, time: m.time });
    }
    db.close();
  }, data);
}

export interface Onset {
  /** Context time of the first sample above the threshold after at least `gapSec` of silence. */
  at: number;
  peak: number;
}

/** The output tap (one implementation for these tests and the benchmark). */
export { analyse, installTap, quietestAround, startRecording } from './output-tap.ts';

export function eventsOf(events: TimelineEvent[], kind: TimelineEvent['kind'], songId?: string): TimelineEvent[] {
  return events.filter((e) => e.kind === kind && (!songId || e.songId === songId));
}

/**
 * Opens the player page by its URL. (The toolbar click is covered by player.test.ts; going
 * straight to the page keeps these tests independent of it.)
 */
export async function openPlayerPage(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`chrome-extension://${ext.extensionId}/player.html`);
  await page.waitForFunction(() => document.readyState === 'complete', { polling: 50 });
  return page;
}
