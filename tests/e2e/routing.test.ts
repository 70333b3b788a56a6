/**
 * Output routing through the engine's real graph: the offscreen document renders its own
 * MixerGraph, Scheduler, generated click and count-in (engine/routing-test-hooks.ts) into an
 * OfflineAudioContext with the 8 outputs of an audio interface. Each track must reach its
 * assigned outputs only; the master fader and the transport envelope must act on every output;
 * the generated click (and its count-in) must sound on the stems' frame grid.
 */
import type { JSHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameOfBeat } from '../../extension/engine/bar-grid.ts';
import type { routingTestHooks } from '../../extension/engine/routing-test-hooks.ts';
import type { OutputTarget } from '../../extension/outputs/routing.ts';
import { launchExtension, type ExtensionHarness } from './harness';

type Hooks = typeof routingTestHooks;

/** Anything at or below this on an output a track is not routed to counts as no crosstalk. */
const CROSSTALK_MAX_DB = -120;
const pair = (first: number): OutputTarget => ({ kind: 'pair', first });
const mono = (channel: number): OutputTarget => ({ kind: 'mono', channel });
/** Mains 1–2, in-ears 3–4, a mono wedge on 5, a mono feed on 6, another pair on 7–8. */
const TARGETS: Record<string, OutputTarget> = { band: pair(0), click: pair(2), guide: mono(4), bass: mono(5), keys: pair(6) };

let ext: ExtensionHarness;
let offscreen: Page;
let hooks: JSHandle<Hooks>;

beforeAll(async () => {
  ext = await launchExtension();
  await ext.openPlayer();
  // The player creates the offscreen document; its script then exposes the hooks.
  offscreen = await ext.offscreenPage();
  await offscreen.waitForFunction(() => '__routingTestHooks' in globalThis, { polling: 50 });
  hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __routingTestHooks: Hooks }).__routingTestHooks);
});

afterAll(async () => {
  await ext?.close();
});

const assigned = (target: OutputTarget) => (target.kind === 'pair' ? [target.first, target.first + 1] : [target.channel]);

describe('routing on an 8-output interface', () => {
  it('puts each track on its assigned outputs only (no crosstalk above -120 dBFS on the others)', async () => {
    const result = await hooks.evaluate((h, targets) => h.isolation(targets, 8, 0), TARGETS);
    for (const [id, target] of Object.entries(TARGETS)) {
      const levels = result.perTrack[id]!;
      const mine = assigned(target);
      levels.forEach((db, channel) => {
        if (mine.includes(channel)) expect(db, `${id} on output ${channel + 1}`).toBeGreaterThan(-12);
        else expect(db, `${id} leaking onto output ${channel + 1}`).toBeLessThanOrEqual(CROSSTALK_MAX_DB);
      });
    }
  });

  it('sums a track sent to a single output to mono, at the level of its stereo pair', async () => {
    const result = await hooks.evaluate((h) => h.isolation({ one: { kind: 'pair', first: 0 }, two: { kind: 'mono', channel: 2 } }, 4, 0), undefined);
    // A mono stem panned centre reaches each side of a pair at -3 dB; summed (L+R)/2 it is the same.
    expect(result.perTrack.two![2]).toBeCloseTo(result.perTrack.one![0]!, 1);
  });

  it('applies the master fader and the transport envelope to every output', async () => {
    const full = await hooks.evaluate((h, targets) => h.isolation(targets, 8, 0), TARGETS);
    const down = await hooks.evaluate((h, targets) => h.isolation(targets, 8, -12), TARGETS);
    for (let channel = 0; channel < 8; channel++) {
      expect(down.open[channel]! - full.open[channel]!, `master on output ${channel + 1}`).toBeCloseTo(-12, 1);
      expect(full.closed[channel], `envelope closed on output ${channel + 1}`).toBeLessThanOrEqual(CROSSTALK_MAX_DB);
    }
  });
});

describe('the generated click', () => {
  it('clicks on the stems grid to the sample, after a count-in on the same grid, on its own outputs', async () => {
    const bpm = 137;
    const grid = await hooks.evaluate(
      (h, opts) => h.clickGrid(opts),
      { bpm, timeSignature: '3/4', countInBars: 1, songSeconds: 3, channels: 8, stemTarget: pair(0), clickTarget: pair(2) },
    );
    const song = grid.beatFrames.map((f) => grid.songStartFrame + f);
    expect(grid.stemOnsets).toEqual(song);
    // 0 samples between each click and the stem's beat.
    expect(grid.clickOnsets).toEqual(song);
    // The count-in's three beats end one beat before the song's first frame, on the same grid.
    const countIn = [0, 1, 2].map((n) => grid.songStartFrame - frameOfBeat(3, bpm, grid.sampleRate) + frameOfBeat(n, bpm, grid.sampleRate));
    expect(grid.countInOnsets).toEqual(countIn);
  });
});
