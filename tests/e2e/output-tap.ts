/**
 * The output tap: what really reaches `AudioContext.destination` in the offscreen document,
 * sample by sample, each sample labelled with the context frame it was rendered at. One
 * implementation for the end-to-end tests (show-fixtures.ts re-exports it) and the benchmark.
 *
 * How: `AudioNode.prototype.connect` is wrapped so every node later connected to the destination
 * is also connected to a tap input, which therefore sums exactly what the destination sums. The
 * tap splits that stereo sum into L and R and merges them with a clock channel (channels L, R,
 * clock) into a MediaStreamAudioDestinationNode, read by a MediaStreamTrackProcessor: bit-exact
 * f32 chunks that queue while the page's main thread is busy (a ScriptProcessor, the first
 * version, lost whole seconds whenever the engine or another extension page kept the renderer's
 * one main thread busy; an AudioWorklet module cannot load under the extension's CSP). The clock
 * is a looped AudioBuffer holding 1..CLOCK_FRAMES (integers, exact in float32), started on a known
 * frame, so every captured sample carries its own context frame: a chunk that arrives late cannot
 * shift any timing, and a lost one is counted (`missedFrames`).
 *
 * The tap also notes, for every message addressed to the engine, the context frame at which the
 * offscreen document received it (`context.currentTime` in a runtime.onMessage listener added after
 * the engine's own, so it runs in the same task as the engine's handler): commands can then be
 * put on the same frame axis as their effect at the output.
 */
import type { Page } from 'puppeteer-core';

/** One captured chunk. `frame`: context frame of sample 0; the chunk is contiguous. */
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
  /** Laps of the looped clock so far. */
  wraps: number;
  /** Blocks delivered again with frames already seen (skipped). */
  staleBlocks: number;
  /** The next frame expected from the capture (to count lost chunks). */
  nextFrame: number;
  missedFrames: number;
  recording: boolean;
  /** While recording, chunks from this context frame on are kept. */
  recordFrom: number;
  blocks: TapBlock[];
  receipts: TapReceipt[];
  /** Called with every block, recording or not (online analysis of long runs). */
  sink: ((block: TapBlock) => void) | null;
  /**
   * Every `cancelAndHoldAtTime` call (the envelope starts each fade with one): the context frame
   * the engine's clock read gave when it scheduled it, so a late fade can be told apart from a
   * receipt and a clock read that straddled a device callback.
   */
  holds: { frame: number; epoch: number }[];
}

/** Clock period: 2^20 frames (about 24 s at 44.1 kHz); the capture may drop up to that much and still unwrap. */
const CLOCK_FRAMES = 2 ** 20;
const RECEIPTS_KEPT = 50_000;
/** Chunks (10 ms each) the capture stream may queue while the page's main thread is busy: 60 s. */
const MAX_CHUNKS = 6_000;

/** Installs the tap in the offscreen document (before the engine connects its graph to the destination). */
export async function installTap(offscreen: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps the named functions below in __name(), which pages lack.
  await offscreen.evaluate('globalThis.__name ??= (f) => f');
  await offscreen.evaluate((clockFrames: number, receiptsKept: number, maxChunks: number) => {
    const g = globalThis as unknown as { __tap?: TapState };
    if (g.__tap) return;
    const tap: TapState = {
      sampleRate: 0, context: null, clockStart: 0, wraps: 0, staleBlocks: 0, nextFrame: -1, missedFrames: 0,
      recording: false, recordFrom: 0, blocks: [], receipts: [], sink: null, holds: [],
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
      const ramp = new AudioBuffer({ length: clockFrames, numberOfChannels: 1, sampleRate: sr });
      const data = ramp.getChannelData(0);
      for (let i = 0; i < clockFrames; i++) data[i] = i + 1;
      const clock = new AudioBufferSourceNode(context, { buffer: ramp, loop: true });
      // An integer frame, so the looped ramp plays its samples unchanged (no sub-sample start).
      tap.clockStart = Math.ceil((context.currentTime + 0.05) * sr);
      clock.start(tap.clockStart / sr);
      const out = new MediaStreamAudioDestinationNode(context as AudioContext, { channelCount: 3, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
      connect.call(input, splitter);
      connect.call(splitter, merger, 0, 0);
      connect.call(splitter, merger, 1, 1);
      connect.call(clock, merger, 0, 2);
      connect.call(merger, out);
      // The track's chunks (10 ms, f32-planar, bit-exact) queue in the stream while the main
      // thread is busy, up to maxBufferSize chunks: nothing is lost to a stall of the page.
      const Processor = (globalThis as unknown as { MediaStreamTrackProcessor: new (o: { track: MediaStreamTrack; maxBufferSize: number }) => { readable: ReadableStream<AudioData> } }).MediaStreamTrackProcessor;
      const reader = new Processor({ track: out.stream.getAudioTracks()[0]!, maxBufferSize: maxChunks }).readable.getReader();
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done || !value) return;
          const n = value.numberOfFrames;
          const clockData = new Float32Array(n);
          value.copyTo(clockData, { planeIndex: 2, format: 'f32-planar' });
          const last = Math.round(clockData[n - 1]!);
          if (last <= 0) {
            value.close();
            continue; // the clock has not started yet
          }
          // Which lap of the looped clock (~24 s each): the one closest to where the previous
          // chunk ended, or, for the first chunk, just behind the render clock.
          const lapStart = tap.clockStart + last - 1 - (n - 1);
          const expected = tap.nextFrame >= 0 ? tap.nextFrame : context.currentTime * sr;
          tap.wraps = Math.round((expected - lapStart) / clockFrames);
          const frame = lapStart + tap.wraps * clockFrames;
          if (frame < tap.nextFrame) {
            tap.staleBlocks++;
            value.close();
            continue;
          }
          if (tap.nextFrame >= 0 && frame > tap.nextFrame) tap.missedFrames += frame - tap.nextFrame;
          tap.nextFrame = frame + n;
          const left = new Float32Array(n);
          const right = new Float32Array(n);
          value.copyTo(left, { planeIndex: 0, format: 'f32-planar' });
          value.copyTo(right, { planeIndex: 1, format: 'f32-planar' });
          value.close();
          const block = { frame, left, right };
          if (tap.recording && frame + n > tap.recordFrom) tap.blocks.push(block);
          tap.sink?.(block);
        }
      })();
      inputs.set(context, input);
      return input;
    }

    AudioNode.prototype.connect = function (this: AudioNode, ...args: unknown[]) {
      if (args[0] instanceof AudioDestinationNode) connect.call(this, inputFor(this.context));
      return connect.apply(this, args);
    } as typeof AudioNode.prototype.connect;

    const hold = AudioParam.prototype.cancelAndHoldAtTime;
    AudioParam.prototype.cancelAndHoldAtTime = function (this: AudioParam, t: number) {
      const context = tap.context;
      if (context) tap.holds.push({ frame: context.currentTime * tap.sampleRate, epoch: performance.timeOrigin + performance.now() });
      if (tap.holds.length > receiptsKept) tap.holds.splice(0, tap.holds.length - receiptsKept);
      return hold.call(this, t);
    };

    chrome.runtime.onMessage.addListener((message: unknown) => {
      const m = message as { target?: string; type?: string; data?: { action?: string } } | null;
      const context = tap.context;
      if (!m || m.target !== 'offscreen' || !context) return false;
      tap.receipts.push({ type: String(m.type), action: m.data?.action, frame: context.currentTime * tap.sampleRate, epoch: performance.timeOrigin + performance.now() });
      if (tap.receipts.length > receiptsKept) tap.receipts.splice(0, tap.receipts.length - receiptsKept);
      return false; // never answers: the engine's listener does
    });
  }, CLOCK_FRAMES, RECEIPTS_KEPT, MAX_CHUNKS);
}

/** Starts keeping what the output plays from now on (the context's current frame). */
export async function startRecording(offscreen: Page): Promise<void> {
  await offscreen.evaluate(() => {
    const tap = (globalThis as unknown as { __tap: TapState }).__tap;
    tap.blocks = [];
    tap.recordFrom = tap.context ? Math.floor(tap.context.currentTime * tap.sampleRate) : 0;
    tap.recording = true;
  });
}

/**
 * Waits until the capture has delivered every frame rendered before this call: its chunks queue
 * while the page's main thread is busy (another extension page of the same renderer seeding a
 * library, the engine opening songs) and arrive later, intact.
 */
export async function caughtUp(offscreen: Page, timeoutMs = 30_000): Promise<void> {
  const ok = await offscreen.evaluate(async (timeout) => {
    const tap = (globalThis as unknown as { __tap: TapState }).__tap;
    if (!tap.context) return true;
    const target = Math.floor(tap.context.currentTime * tap.sampleRate);
    const since = performance.now();
    while (tap.nextFrame < target) {
      if (performance.now() - since > timeout) return false;
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }, timeoutMs);
  if (!ok) throw new Error(`The output tap did not catch up within ${timeoutMs / 1000} s`);
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
  await caughtUp(offscreen);
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

/**
 * For each context time in `seams`: the quietest `window`-frame RMS (dBFS, of (L + R) / 2, hop a
 * quarter window) that the recording holds within `spanSec` of it. A gap of silence at a seam
 * (priming or padding a decoder left in) shows as a window far below the music's level.
 */
export async function quietestAround(offscreen: Page, seams: number[], window = 64, spanSec = 0.02): Promise<number[]> {
  await caughtUp(offscreen);
  return offscreen.evaluate(
    (times, size, span) => {
      const tap = (globalThis as unknown as { __tap: TapState }).__tap;
      const sr = tap.sampleRate;
      return times.map((t) => {
        const from = Math.round((t - span) * sr);
        const to = Math.round((t + span) * sr);
        const mono = new Float32Array(to - from);
        const seen = new Uint8Array(to - from);
        for (const b of tap.blocks) {
          for (let i = Math.max(0, from - b.frame); i < b.left.length && b.frame + i < to; i++) {
            mono[b.frame + i - from] = (b.left[i]! + b.right[i]!) / 2;
            seen[b.frame + i - from] = 1;
          }
        }
        if (seen.includes(0)) throw new Error(`The recording does not hold ${t.toFixed(3)} s ± ${span} s`);
        let quietest = Infinity;
        for (let at = 0; at + size <= mono.length; at += size >> 2) {
          let sum = 0;
          for (let i = at; i < at + size; i++) sum += mono[i]! * mono[i]!;
          const rms = Math.sqrt(sum / size);
          quietest = Math.min(quietest, rms > 0 ? Math.max(-200, 20 * Math.log10(rms)) : -200);
        }
        return quietest;
      });
    },
    seams,
    window,
    spanSec,
  );
}
