/// <reference lib="dom" />
/**
 * Routing figures: the engine's real mixer graph, scheduler and generated click rendered by the
 * offscreen document into an OfflineAudioContext with 8 outputs (engine/routing-test-hooks.ts).
 * Crosstalk: the loudest output a track is NOT routed to, each track sounding alone at -6 dBFS.
 * Click grid: the largest distance (samples) between a generated click's onset (count-in and song)
 * and the stem's beat on the same grid.
 */
import type { OutputTarget } from '../extension/outputs/routing.ts';
import type { routingTestHooks } from '../extension/engine/routing-test-hooks.ts';
import { launchExtension } from '../tests/e2e/harness.ts';
import { frameOfBeat } from '../extension/engine/bar-grid.ts';
import { sized } from './mode.ts';
import type { Figure } from './report.ts';

const GROUP = 'routing';
const CHANNELS = 8;
const TARGETS: Record<string, OutputTarget> = {
  band: { kind: 'pair', first: 0 },
  click: { kind: 'pair', first: 2 },
  guide: { kind: 'mono', channel: 4 },
  bass: { kind: 'mono', channel: 5 },
  keys: { kind: 'pair', first: 6 },
};
const BPM = 137;
const SONG_SECONDS = sized(30, 3);

export async function routingFigures(): Promise<Figure[]> {
  const ext = await launchExtension();
  try {
    await ext.openPlayer();
    const offscreen = await ext.offscreenPage();
    await offscreen.waitForFunction(() => '__routingTestHooks' in globalThis, { polling: 50 });
    const hooks = await offscreen.evaluateHandle(() => (globalThis as unknown as { __routingTestHooks: typeof routingTestHooks }).__routingTestHooks);
    const isolation = await hooks.evaluate((h, targets, channels) => h.isolation(targets, channels, 0), TARGETS, CHANNELS);
    let crosstalk = -200;
    for (const [id, target] of Object.entries(TARGETS)) {
      const mine = target.kind === 'pair' ? [target.first, target.first + 1] : [target.channel];
      isolation.perTrack[id]!.forEach((db, channel) => {
        if (!mine.includes(channel)) crosstalk = Math.max(crosstalk, db);
      });
    }
    const grid = await hooks.evaluate((h, opts) => h.clickGrid(opts), {
      bpm: BPM,
      timeSignature: '4/4',
      countInBars: 1,
      songSeconds: SONG_SECONDS,
      channels: CHANNELS,
      stemTarget: TARGETS.band!,
      clickTarget: TARGETS.click!,
    });
    const beats = grid.beatFrames.map((f) => grid.songStartFrame + f);
    const countIn = [0, 1, 2, 3].map((n) => grid.songStartFrame - frameOfBeat(4, BPM, grid.sampleRate) + frameOfBeat(n, BPM, grid.sampleRate));
    const expected = [...countIn, ...beats];
    const heard = [...grid.countInOnsets, ...grid.clickOnsets];
    if (heard.length !== expected.length || grid.stemOnsets.length !== beats.length) {
      throw new Error(`click grid: ${heard.length} clicks for ${expected.length} beats, ${grid.stemOnsets.length} stem impulses for ${beats.length}`);
    }
    const offset = Math.max(...heard.map((f, i) => Math.abs(f - expected[i]!)), ...grid.stemOnsets.map((f, i) => Math.abs(f - beats[i]!)));
    return [
      { group: GROUP, name: `crosstalk onto unassigned outputs (5 tracks, ${CHANNELS} outputs, worst)`, value: crosstalk, unit: 'dBFS', target: '≤ -120 dBFS', pass: crosstalk <= -120 },
      { group: GROUP, name: `generated click vs stem beats (${expected.length} clicks incl. 1-bar count-in, ${SONG_SECONDS} s, worst)`, value: offset, unit: 'samples', target: '0 samples', pass: offset === 0 },
    ];
  } finally {
    await ext.close();
  }
}
