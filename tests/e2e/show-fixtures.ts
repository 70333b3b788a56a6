/**
 * Helpers for the setlist and section end-to-end tests: song fields the seed leaves empty
 * (BPM, markers, count-in), and an output tap in the offscreen document that timestamps
 * what the engine really played on the AudioContext clock.
 */
import type { Page } from 'puppeteer-core';
import type { TimelineEvent } from '../../shared/messages.ts';

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
    type Block = { time: number; data: Float32Array };
    const g = globalThis as unknown as { __tap?: { blocks: Block[]; recording: boolean; sampleRate: number } };
    if (g.__tap) return;
    const tap = { blocks: [] as Block[], recording: false, sampleRate: 0 };
    g.__tap = tap;
    const recorders = new WeakMap<BaseAudioContext, ScriptProcessorNode>();
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;
    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      const dest = args[0];
      if (dest instanceof AudioDestinationNode) {
        let recorder = recorders.get(this.context);
        if (!recorder) {
          recorder = this.context.createScriptProcessor(1024, 2, 1);
          tap.sampleRate = this.context.sampleRate;
          recorder.onaudioprocess = (e) => {
            if (tap.recording) tap.blocks.push({ time: e.playbackTime, data: e.inputBuffer.getChannelData(0).slice() });
          };
          connect.call(recorder, this.context.destination);
          recorders.set(this.context, recorder);
        }
        connect.call(this, recorder);
      }
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
    const tap = (globalThis as unknown as { __tap: { blocks: { time: number; data: Float32Array }[]; recording: boolean; sampleRate: number } }).__tap;
    tap.recording = false;
    const sr = tap.sampleRate;
    const onsets: { at: number; peak: number }[] = [];
    let silent = Infinity;
    let longestZeros = 0;
    let zeros = 0;
    let peakBetween = 0;
    // Blocks are contiguous: time from the first block's playbackTime and the sample count
    // (a later block's own playbackTime jitters with the main thread).
    const origin = tap.blocks[0]?.time ?? 0;
    let n = 0;
    for (const block of tap.blocks) {
      for (let i = 0; i < block.data.length; i++, n++) {
        const t = origin + n / sr;
        const v = Math.abs(block.data[i]!);
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
