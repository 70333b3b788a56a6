/**
 * Songs for the engine's end-to-end tests and benchmark: audio generated inside an extension
 * page and stored in the library database, and a typed way to talk to the engine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { SCHEMA_V1 } from '../../extension/db/schema.ts';
import type { EngineProtocol, Envelope, Level, MessageArgs, MessageResult, Reply } from '../../shared/messages.ts';

const require = createRequire(import.meta.url);

export interface TrackSpec {
  id: string;
  name: string;
  kind: 'noise' | 'noise-inverted' | 'sine' | 'opus-noise';
  seconds: number;
  sampleRate: number;
  channels: number;
  seed?: number;
  hz?: number;
  /** Peak amplitude, 0..1 (default 0.5: noise at about -10.8 dBFS RMS). */
  amplitude?: number;
  /** Reuse the blob of an earlier track of the same song (big songs without big generation time). */
  sameAs?: string;
}

export interface SongSpec {
  id: string;
  title: string;
  artist?: string;
  tracks: TrackSpec[];
}

export interface MediaElementResult {
  rmsDb: number;
  /** Offset between the two elements' audio, from cross-correlation of what each one output. */
  lagFrames: number;
  lagMs: number;
  /** What the elements' currentTime claimed. */
  reportedDiffMs: number;
}

/** The functions of fixtures/page-fixtures.js, once injected into a page. */
export interface PageFixtures {
  seed(songs: SongSpec[], schema: typeof SCHEMA_V1): Promise<{ ms: number }>;
  storedBase64(trackId: string, schema: typeof SCHEMA_V1): Promise<string>;
  decodeWhole(base64: string, copies: number, sampleRate: number): Promise<{ ms: number; frames: number }>;
  mediaElementBaseline(options: { track: TrackSpec; inverted: TrackSpec; seconds: number; seekTo: number }): Promise<{
    atStart: MediaElementResult;
    later: MediaElementResult;
    afterSeek: MediaElementResult;
    sampleRate: number;
  }>;
}

export const fixturesOf = () => (globalThis as unknown as { __stFixtures: PageFixtures }).__stFixtures;

/** Injects Dexie, the page fixtures and (for Opus) mediabunny into `page`, once. */
export async function injectFixtures(page: Page, withEncoder = false): Promise<void> {
  const loaded = await page.evaluate(() => 'Dexie' in globalThis && '__stFixtures' in globalThis);
  if (!loaded) {
    // Evaluated through CDP, which the extension page's CSP does not apply to.
    await page.evaluate(readFileSync(require.resolve('dexie/dist/dexie.min.js'), 'utf8'));
    await page.evaluate(readFileSync(join(import.meta.dirname, 'fixtures/page-fixtures.js'), 'utf8'));
  }
  if (withEncoder && !(await page.evaluate(() => 'Mediabunny' in globalThis))) {
    const bundle = require.resolve('mediabunny').replace(/dist\/.*$/, 'dist/bundles/mediabunny.cjs');
    await page.evaluate(readFileSync(bundle, 'utf8'));
  }
}

/** Generates and stores the songs from inside `page` (any page of the extension's origin). */
export async function seedSongs(page: Page, songs: SongSpec[]): Promise<{ ms: number }> {
  await injectFixtures(page, songs.some((s) => s.tracks.some((t) => t.kind === 'opus-noise')));
  return page.evaluate(
    (s, schema) => (globalThis as unknown as { __stFixtures: PageFixtures }).__stFixtures.seed(s, schema),
    songs,
    SCHEMA_V1,
  );
}

export const noiseTrack = (id: string, over: Partial<TrackSpec> = {}): TrackSpec => ({
  id,
  name: id,
  kind: 'noise',
  seconds: 30,
  sampleRate: 48_000,
  channels: 1,
  seed: 7,
  ...over,
});

/** Sends one engine message from the service worker (or any extension context) and unwraps the reply. */
export async function engineCall<K extends keyof EngineProtocol & string>(
  from: WebWorker | Page,
  type: K,
  ...args: MessageArgs<'offscreen', K>
): Promise<MessageResult<'offscreen', K>> {
  const envelope = { target: 'offscreen', type, data: args[0] } as Envelope<'offscreen', K>;
  const reply = (await from.evaluate((m) => chrome.runtime.sendMessage(m), envelope)) as Reply<MessageResult<'offscreen', K>> | undefined;
  if (!reply) throw new Error(`No engine answered ${type}`);
  if (!reply.ok) throw new Error(`engine ${type} failed: ${reply.error.message}`);
  return reply.value;
}

/**
 * The master bus level over `reads` meter windows (~46 ms each), spaced `everyMs` apart:
 * the loudest peak and RMS seen, so one silent window cannot hide a residual.
 */
export async function masterLevel(from: WebWorker | Page, reads = 10, everyMs = 60): Promise<Level> {
  let peakDb = -200;
  let rmsDb = -200;
  for (let i = 0; i < reads; i++) {
    const { master } = await engineCall(from, 'engine.meters');
    peakDb = Math.max(peakDb, master.peakDb);
    rmsDb = Math.max(rmsDb, master.rmsDb);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return { peakDb, rmsDb };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
