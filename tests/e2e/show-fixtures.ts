/**
 * Helpers for the setlist and section end-to-end tests: song fields the seed leaves empty
 * (BPM, markers, count-in), and an output tap in the offscreen document that timestamps
 * what the engine really played on the AudioContext clock.
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

/**
 * Installs the tap: every node later connected to the destination is also connected to a
 * ScriptProcessor that keeps channel 0 with each block's playbackTime.
 */
export async function installTap(offscreen: Page): Promise<void> {
  await offscreen.evaluate(() => {
    type Block = { audio: Float32Array; clock: Float32Array };
    const g = globalThis as unknown as { __tap?: { blocks: Block[]; recording: boolean; sampleRate: number; t0: number } };
    if (g.__tap) return;
    const tap = { blocks: [] as Block[], recording: false, sampleRate: 0, t0: 0 };
    g.__tap = tap;
    const inputs = new WeakMap<BaseAudioContext, AudioNode>();
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
    /**
     * Channel 0: what the engine sends to the output; channel 1: a clock, a ramp whose value is
     * the frame count since t0. A block the main thread delivers late or drops cannot shift the
     * timing: each sample carries its own context frame.
     */
    function inputFor(context: BaseAudioContext): AudioNode {
      const existing = inputs.get(context);
      if (existing) return existing;
      const sr = context.sampleRate;
      const merger = new ChannelMergerNode(context, { numberOfInputs: 2 });
      const recorder = context.createScriptProcessor(1024, 2, 1); // no constructor for this (deprecated) node
      const clock = new ConstantSourceNode(context, { offset: 0 });
      const frames = 240 * sr; // exact in float32 (< 2^24)
      tap.sampleRate = sr;
      tap.t0 = Math.ceil((context.currentTime + 0.05) * sr) / sr;
      clock.offset.setValueAtTime(0, tap.t0);
      clock.offset.linearRampToValueAtTime(frames, tap.t0 + frames / sr);
      clock.start();
      connect.call(clock, merger, 0, 1);
      connect.call(merger, recorder);
      recorder.onaudioprocess = (e) => {
        if (tap.recording) tap.blocks.push({ audio: e.inputBuffer.getChannelData(0).slice(), clock: e.inputBuffer.getChannelData(1).slice() });
      };
      connect.call(recorder, context.destination);
      const input = new GainNode(context);
      connect.call(input, merger, 0, 0);
      inputs.set(context, input);
      return input;
    }
    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      if (args[0] instanceof AudioDestinationNode) connect.call(this, inputFor(this.context));
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;
  });
}

export async function startRecording(offscreen: Page): Promise<void> {
  await offscreen.evaluate(() => {
    const tap = (globalThis as unknown as { __tap: { blocks: unknown[]; recording: boolean } }).__tap;
    tap.blocks = [];
    tap.recording = true;
  });
}

/** Stops recording and analyses in the page: onsets, and the longest run of exact zeros between two times. */
export async function analyse(offscreen: Page, options: { threshold: number; gapSec: number; zerosFrom?: number; zerosTo?: number }) {
  return offscreen.evaluate((o) => {
    const tap = (globalThis as unknown as { __tap: { blocks: { audio: Float32Array; clock: Float32Array }[]; recording: boolean; sampleRate: number; t0: number } }).__tap;
    tap.recording = false;
    const sr = tap.sampleRate;
    const onsets: { at: number; peak: number }[] = [];
    let silent = Infinity;
    let longestZeros = 0;
    let zeros = 0;
    let peakBetween = 0;
    for (const block of tap.blocks) {
      for (let i = 0; i < block.audio.length; i++) {
        const clock = block.clock[i]!;
        if (clock <= 0) continue; // before the clock started
        const t = tap.t0 + Math.round(clock) / sr;
        const v = Math.abs(block.audio[i]!);
        if (v > o.threshold) {
          if (silent >= o.gapSec * sr) onsets.push({ at: t, peak: v });
          silent = 0;
        } else silent++;
        if (o.zerosFrom !== undefined && o.zerosTo !== undefined && t >= o.zerosFrom && t < o.zerosTo) {
          zeros = v === 0 ? zeros + 1 : 0;
          longestZeros = Math.max(longestZeros, zeros);
          peakBetween = Math.max(peakBetween, v);
        }
      }
    }
    tap.blocks = [];
    return { sampleRate: sr, onsets, longestZeros, peakBetween };
  }, options);
}

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
