/// <reference lib="dom" />
/// <reference types="chrome" />
/**
 * Bench-side use of the output tap (tests/e2e/output-tap.ts): the signal helpers of signal.ts
 * injected into the offscreen document, and analyses of what the tap recorded, run in the page
 * so no audio crosses CDP.
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { engineCall, sleep } from '../tests/e2e/engine-fixtures.ts';
import { launchExtension } from '../tests/e2e/harness.ts';
import type { TapState } from '../tests/e2e/output-tap.ts';
import { caughtUp, installTap } from '../tests/e2e/output-tap.ts';
import { inPage, type PageSignal } from './signal.ts';

export type PageGlobals = { __tap: TapState; __sig: PageSignal };

/** Installs the tap and the signal helpers in the offscreen document. */
/** A fresh browser with the extension, the player open and the tap ready in the offscreen document; closed after `run`. */
export async function withTappedPlayer<T>(run: (pages: { player: Page; sw: WebWorker; offscreen: Page }) => Promise<T>): Promise<T> {
  const ext = await launchExtension();
  try {
    const player = await ext.openPlayer();
    const sw = await ext.serviceWorker();
    const offscreen = await ext.offscreenPage();
    await untilEngineAnswers(sw);
    await prepareTap(offscreen);
    return await run({ player, sw, offscreen });
  } finally {
    await ext.close();
  }
}

/** The offscreen target exists before its script has run: wait until the engine answers messages. */
async function untilEngineAnswers(sw: WebWorker, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await engineCall(sw, 'engine.status');
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
      await sleep(50);
    }
  }
}

export async function prepareTap(offscreen: Page): Promise<void> {
  await installTap(offscreen);
  await offscreen.evaluate(inPage());
}

/**
 * Stops recording and finds the first sample above `threshold` (0: the first non-zero sample)
 * in either channel at or after context frame `fromFrame`. Also says whether the recording was
 * silent (≤ threshold) from its first sample up to there, and whether blocks were dropped.
 */
export async function firstSound(offscreen: Page, fromFrame = 0, threshold = 0): Promise<{ frame: number | null; silentBefore: boolean; recordedFrom: number; recordedTo: number; missedInRecording: number }> {
  await caughtUp(offscreen);
  return offscreen.evaluate(
    (from, th) => {
      const { __tap: tap, __sig: sig } = globalThis as unknown as PageGlobals;
      tap.recording = false;
      const blocks = tap.blocks;
      tap.blocks = [];
      let silentBefore = true;
      let missed = 0;
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        if (b > 0) missed += block.frame - (blocks[b - 1]!.frame + blocks[b - 1]!.left.length);
        const start = Math.max(0, Math.ceil(from - block.frame));
        const l = sig.firstAbove(block.left, th, start);
        const r = sig.firstAbove(block.right, th, start);
        const i = l < 0 ? r : r < 0 ? l : Math.min(l, r);
        if (i >= 0) return { frame: block.frame + i, silentBefore, recordedFrom: blocks[0]!.frame, recordedTo: block.frame + block.left.length, missedInRecording: missed };
        if (start === 0 && (sig.firstAbove(block.left, th, 0) >= 0 || sig.firstAbove(block.right, th, 0) >= 0)) silentBefore = false;
      }
      const last = blocks.at(-1);
      return { frame: null, silentBefore, recordedFrom: blocks[0]?.frame ?? 0, recordedTo: last ? last.frame + last.left.length : 0, missedInRecording: missed };
    },
    fromFrame,
    threshold,
  );
}

/**
 * Stops recording; the RMS (dBFS) of the mono sum (L+R)/2 over the recorded frames [from, to)
 * (whole recording when omitted), and the frames that span covered.
 */
export async function recordedRms(offscreen: Page, from = -Infinity, to = Infinity): Promise<{ rmsDb: number; from: number; to: number; frames: number; missed: number }> {
  await caughtUp(offscreen);
  return offscreen.evaluate(
    (a, b) => {
      const { __tap: tap } = globalThis as unknown as PageGlobals;
      tap.recording = false;
      const blocks = tap.blocks;
      tap.blocks = [];
      let sum = 0;
      let n = 0;
      let first = -1;
      let last = -1;
      let missed = 0;
      for (let k = 0; k < blocks.length; k++) {
        const block = blocks[k]!;
        if (k > 0) missed += block.frame - (blocks[k - 1]!.frame + blocks[k - 1]!.left.length);
        for (let i = 0; i < block.left.length; i++) {
          const f = block.frame + i;
          if (f < a || f >= b) continue;
          const v = (block.left[i]! + block.right[i]!) / 2;
          sum += v * v;
          n++;
          if (first < 0) first = f;
          last = f;
        }
      }
      const rms = n ? Math.sqrt(sum / n) : 0;
      return { rmsDb: rms > 0 ? Math.max(-200, 20 * Math.log10(rms)) : -200, from: first, to: last + 1, frames: n, missed };
    },
    from === -Infinity ? -1e15 : from,
    to === Infinity ? 1e15 : to,
  );
}
