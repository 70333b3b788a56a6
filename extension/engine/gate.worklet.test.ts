import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const Q = 128;
const SR = 44_100;

/** The AudioWorkletGlobalScope the processor runs in, enough of it to drive one by hand. */
interface Scope {
  currentFrame: number;
  processor: { port: { onmessage: ((e: { data: unknown }) => void) | null }; process(i: Float32Array[][], o: Float32Array[][]): boolean };
}

async function loadProcessor(): Promise<Scope> {
  const scope = { currentFrame: 0 } as Scope;
  vi.stubGlobal('sampleRate', SR);
  Object.defineProperty(globalThis, 'currentFrame', { configurable: true, get: () => scope.currentFrame });
  vi.stubGlobal(
    'AudioWorkletProcessor',
    class {
      port = { onmessage: null, postMessage: () => {} };
    },
  );
  vi.stubGlobal('registerProcessor', (_: string, Processor: new () => Scope['processor']) => (scope.processor = new Processor()));
  vi.resetModules();
  await import('./gate.worklet');
  return scope;
}

/** Renders one quantum of a constant 1 at `frame`; returns the output. */
function render(scope: Scope, frame: number): Float32Array {
  scope.currentFrame = frame;
  const out = [[new Float32Array(Q)]];
  scope.processor.process([[new Float32Array(Q).fill(1)]], out);
  return out[0]![0]!;
}

beforeEach(() => vi.unstubAllGlobals());
afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as { currentFrame?: number }).currentFrame;
});

describe('the output gate processor', () => {
  it('applies an open where it renders, not where a stale currentFrame in the message handler says', async () => {
    const scope = await loadProcessor();
    render(scope, 0);
    // The start's frame is 489; the handler runs with currentFrame still 0, but the audio thread
    // has rendered up to frame 1024 by the next process call: the start is in the past by then.
    scope.currentFrame = 0;
    scope.processor.port.onmessage!({ data: { kind: 'open', at: 489 / SR, rampSec: 0, lateRampSec: 0.008 } });
    const out = render(scope, 1024);
    // A fade-in from frame 1024, not full level mid-wave (the step the storm heard).
    expect(out[0]).toBe(0);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[1]).toBeLessThan(0.01);
  });

  it('an open that is in time lands on its exact frame at full level', async () => {
    const scope = await loadProcessor();
    scope.processor.port.onmessage!({ data: { kind: 'open', at: 200 / SR, rampSec: 0, lateRampSec: 0.008 } });
    const out = render(scope, 128);
    expect(out[200 - 128 - 1]).toBe(0);
    expect(out[200 - 128]).toBe(1);
  });
});
