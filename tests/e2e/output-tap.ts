/**
 * The output tap: what really reaches `AudioContext.destination` in the offscreen document,
 * sample by sample, each sample labelled with the context frame it was rendered at. One
 * implementation for the end-to-end tests (show-fixtures.ts re-exports it) and the benchmark.
 *
 * How: `AudioNode.prototype.connect` is wrapped so every node later connected to the destination
 * is also connected to a tap input. The tap splits that stereo sum into L and R and merges them
 * with a clock channel into a ScriptProcessor (channels L, R, clock). The clock is a looped
 * AudioBuffer holding 1..CLOCK_FRAMES (integers, exact in float32), started on a known frame, so
 * every captured sample carries its own context frame: a block that the main thread delivers late
 * or drops cannot shift any timing (drops are counted as `missedFrames`).
 *
 * The tap also notes, for every message addressed to the engine, the context frame at which the
 * offscreen document received it (`context.currentTime` in a runtime.onMessage listener added after
 * the engine's own, so it runs in the same task as the engine's handler): commands can then be
 * put on the same frame axis as their effect at the output.
 */
import type { Page } from 'puppeteer-core';

/** One ScriptProcessor block. `frame`: context frame of sample 0; the block is contiguous. */
export interface TapBlock {
  frame: number;
  left: Float32Array;
  right: Float32Array;
}

/** A message the engine received, on the context clock. */
export interface TapReceipt {
  type: string;
  action?: string;
  /** context.currentTime × sampleRate when the message arrived (the next frame to be rendered). */
  frame: number;
  /** performance.timeOrigin + performance.now() in the offscreen document (epoch ms). */
  epoch: number;
}

/** What lives at `globalThis.__tap` in the offscreen document. */
export interface TapState {
  sampleRate: number;
  context: BaseAudioContext | null;
  /** Context frame at which the clock started (clock value 1). */
  clockStart: number;
  wraps: number;
  lastClock: number;
  /** The next frame expected from the ScriptProcessor (to count dropped blocks). */
  nextFrame: number;
  missedFrames: number;
  recording: boolean;
  blocks: TapBlock[];
  receipts: TapReceipt[];
  /** Called with every block, recording or not (online analysis of long runs). */
  sink: ((block: TapBlock) => void) | null;
}

/** Clock period: 2^20 frames (about 24 s at 44.1 kHz); the capture may drop up to that much and still unwrap. */
const CLOCK_FRAMES = 2 ** 20;
const RECEIPTS_KEPT = 5_000;

/** Installs the tap in the offscreen document (before the engine connects its graph to the destination). */
export async function installTap(offscreen: Page): Promise<void> {
  await offscreen.evaluate((clockFrames: number, receiptsKept: number) => {
    const g = globalThis as unknown as { __tap?: TapState };
    if (g.__tap) return;
    const tap: TapState = {
      sampleRate: 0, context: null, clockStart: 0, wraps: 0, lastClock: 0, nextFrame: -1, missedFrames: 0,
      recording: false, blocks: [], receipts: [], sink: null,
    };
    g.__tap = tap;
    const inputs = new WeakMap<BaseAudioContext, AudioNode>();
    const connect = AudioNode.prototype.connect as (this: AudioNode, ...args: unknown[]) => unknown;

    function inputFor(context: BaseAudioContext): AudioNode {
      const existing = inputs.get(context);
      if (existing) return existing;
      const sr = context.sampleRate;
      tap.sampleRate = sr;
      tap.context = context;
      const input = new GainNode(context, { channelCount: 2, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
      const splitter = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
      const merger = new ChannelMergerNode(context, { numberOfInputs: 3 });
      const recorder = context.createScriptProcessor(1024, 3, 1); // no constructor for this (deprecated) node
      const ramp = new AudioBuffer({ length: clockFrames, numberOfChannels: 1, sampleRate: sr });
      const data = ramp.getChannelData(0);
      for (let i = 0; i < clockFrames; i++) data[i] = i + 1;
      const clock = new AudioBufferSourceNode(context, { buffer: ramp, loop: true });
      // An integer frame, so the looped ramp plays its samples unchanged (no sub-sample start).
      tap.clockStart = Math.ceil((context.currentTime + 0.05) * sr);
      clock.start(tap.clockStart / sr);
      connect.call(input, splitter);
      connect.call(splitter, merger, 0, 0);
      connect.call(splitter, merger, 1, 1);
      connect.call(clock, merger, 0, 2);
      connect.call(merger, recorder);
      recorder.onaudioprocess = (e) => {
        const clockData = e.inputBuffer.getChannelData(2);
        const n = clockData.length;
        const last = Math.round(clockData[n - 1]!);
        if (last <= 0) return; // the clock has not started yet
        if (last < tap.lastClock) tap.wraps++;
        tap.lastClock = last;
        const frame = tap.clockStart + tap.wraps * clockFrames + last - 1 - (n - 1);
        if (tap.nextFrame >= 0 && frame > tap.nextFrame) tap.missedFrames += frame - tap.nextFrame;
        tap.nextFrame = frame + n;
        const block = { frame, left: e.inputBuffer.getChannelData(0).slice(), right: e.inputBuffer.getChannelData(1).slice() };
        if (tap.recording) tap.blocks.push(block);
        tap.sink?.(block);
      };
      connect.call(recorder, context.destination);
      inputs.set(context, input);
      return input;
    }

    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      if (args[0] instanceof AudioDestinationNode) connect.call(this, inputFor(this.context));
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;

    chrome.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { target?: string; type?: string; data?: { action?: string } } | null;
      const context = tap.context;
      if (!m || m.target !== 'offscreen' || !context) return false;
      tap.receipts.push({ type: String(m.type), action: m.data?.action, frame: context.currentTime * tap.sampleRate, epoch: performance.timeOrigin + performance.now() });
      if (tap.receipts.length > receiptsKept) tap.receipts.splice(0, tap.receipts.length - receiptsKept);
      return false; // never answers: the engine's listener does
    });
  }, CLOCK_FRAMES, RECEIPTS_KEPT);
}

export async function startRecording(offscreen: Page): Promise<void> {
  await offscreen.evaluate(() => {
    const tap = (globalThis as unknown as { __tap: TapState }).__tap;
    tap.blocks = [];
    tap.recording = true;
  });
}

/** The newest receipt of `type` (and `action`), received at or after `sinceEpoch`; null if none yet. */
export async function receiptOf(offscreen: Page, type: string, action?: string, sinceEpoch = 0): Promise<TapReceipt | null> {
  return offscreen.evaluate(
    (t, a, since) => {
      const tap = (globalThis as unknown as { __tap: TapState }).__tap;
      for (let i = tap.receipts.length - 1; i >= 0; i--) {
        const r = tap.receipts[i]!;
        if (r.epoch < since) break;
        if (r.type === t && (a === null || r.action === a)) return r;
      }
      return null;
    },
    type,
    action ?? null,
    sinceEpoch,
  );
}

/**
 * The context's clocks, read now in the offscreen document. `getOutputTimestamp()` pairs a context
 * time with the performance.now() at which the device was outputting that frame, so a frame F
 * leaves the output at epoch `timeOrigin + performanceTime + (F / sampleRate - contextTime) × 1000`
 * (the two clocks run at the same rate; over a few seconds their drift is far below 0.1 ms).
 */
export interface OutputClock {
  sampleRate: number;
  contextTime: number;
  performanceTime: number;
  timeOrigin: number;
  currentTime: number;
  baseLatency: number;
  outputLatency: number;
  missedFrames: number;
}

export async function outputClock(offscreen: Page): Promise<OutputClock> {
  return offscreen.evaluate(() => {
    const tap = (globalThis as unknown as { __tap: TapState }).__tap;
    const context = tap.context as AudioContext | null;
    if (!context) throw new Error('The tap has not seen the engine’s AudioContext yet');
    const ts = context.getOutputTimestamp();
    return {
      sampleRate: tap.sampleRate,
      contextTime: ts.contextTime ?? 0,
      performanceTime: ts.performanceTime ?? 0,
      timeOrigin: performance.timeOrigin,
      currentTime: context.currentTime,
      baseLatency: context.baseLatency ?? 0,
      outputLatency: context.outputLatency ?? 0,
      missedFrames: tap.missedFrames,
    };
  });
}

/** Epoch ms at which context frame `frame` leaves the audio output (see OutputClock). */
export function outputEpochOf(clock: OutputClock, frame: number): number {
  return clock.timeOrigin + clock.performanceTime + (frame / clock.sampleRate - clock.contextTime) * 1000;
}

/** Stops recording and analyses in the page: onsets, and the longest run of exact zeros between two times. */
export async function analyse(offscreen: Page, options: { threshold: number; gapSec: number; zerosFrom?: number; zerosTo?: number }) {
  return offscreen.evaluate((o) => {
    const tap = (globalThis as unknown as { __tap: TapState }).__tap;
    tap.recording = false;
    const sr = tap.sampleRate;
    const onsets: { at: number; peak: number }[] = [];
    let silent = Infinity;
    let longestZeros = 0;
    let zeros = 0;
    let peakBetween = 0;
    for (const block of tap.blocks) {
      for (let i = 0; i < block.left.length; i++) {
        const t = (block.frame + i) / sr;
        // What a listener hears on a mono speaker: (L + R) / 2.
        const v = Math.abs((block.left[i]! + block.right[i]!) / 2);
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
