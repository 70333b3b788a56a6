import { describe, expect, it } from 'vitest';
import { GateCore } from './gate-core';

const SR = 48_000;
const Q = 128;

/** Renders `quanta` quanta of a constant 1 on two channels from frame `from`; returns channel 0. */
function render(gate: GateCore, from: number, quanta: number): Float32Array {
  const out = new Float32Array(quanta * Q);
  for (let q = 0; q < quanta; q++) {
    const input = [new Float32Array(Q).fill(1), new Float32Array(Q).fill(1)];
    const output = [new Float32Array(Q), new Float32Array(Q)];
    gate.process(input, output, from + q * Q);
    expect(output[1]).toEqual(output[0]);
    out.set(output[0]!, q * Q);
  }
  return out;
}

/** The largest change between consecutive samples: a step, where a fade makes only small ones. */
const largestStep = (out: Float32Array) => out.reduce((max, v, i) => (i ? Math.max(max, Math.abs(v - out[i - 1]!)) : max), 0);

/** A gate opened at frame 0 (full level from there), its first quantum rendered: the next is at frame Q. */
function openGate(): GateCore {
  const gate = new GateCore(SR);
  gate.open({ kind: 'open', at: 0, rampSec: 0, lateRampSec: 0.008 }, 0);
  render(gate, 0, 1);
  return gate;
}

describe('GateCore', () => {
  it('is closed until a start opens it, then passes audio untouched', () => {
    const gate = new GateCore(SR);
    expect([...render(gate, 0, 2)].every((v) => v === 0)).toBe(true);
    gate.open({ kind: 'open', at: 300 / SR, rampSec: 0, lateRampSec: 0.008 }, 2 * Q);
    const out = render(gate, 2 * Q, 4);
    // Full level on the start's exact frame, not at a quantum boundary.
    expect(out[300 - 2 * Q - 1]).toBe(0);
    expect([...out.subarray(300 - 2 * Q)].every((v) => v === 1)).toBe(true);
    expect(gate.isOpen).toBe(true);
  });

  it('a start mid-song ramps up from its first frame', () => {
    const gate = new GateCore(SR);
    gate.open({ kind: 'open', at: Q / SR, rampSec: 0.008, lateRampSec: 0.008 }, 0);
    const out = render(gate, 0, 6);
    expect(out[Q]).toBe(0);
    expect(out[Q + 1]).toBeCloseTo(1 / 384, 6);
    expect(out[Q + 384]).toBe(1);
    expect(largestStep(out)).toBeLessThan(1 / 380);
  });

  it('an open that arrives after its frame (the audio thread got there first) fades in from where it is read, never a step', () => {
    const gate = new GateCore(SR);
    render(gate, 0, 4);
    // A start from the top at frame 100, read at frame 512: coming in at full level would be mid-wave.
    gate.open({ kind: 'open', at: 100 / SR, rampSec: 0, lateRampSec: 0.008 }, 4 * Q);
    const out = render(gate, 4 * Q, 6);
    expect(out[0]).toBe(0);
    expect(out[384]).toBe(1);
    expect(largestStep(out)).toBeLessThan(1 / 380);
  });

  it('ramps down from the very next frame it renders, is exactly silent after the fade and stays closed', () => {
    const gate = openGate();
    render(gate, Q, 9);
    gate.close(0.008); // 384 frames
    const out = render(gate, 1_280, 30);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeLessThan(1);
    // Linear: no step larger than one ramp step.
    for (let i = 1; i < 384; i++) expect(out[i - 1]! - out[i]!).toBeCloseTo(1 / 384, 6);
    expect([...out.subarray(384)].every((v) => v === 0)).toBe(true);
  });

  it('an open while a ramp down runs waits for it to end, then fades in; one after it, on its frame', () => {
    const gate = openGate();
    gate.close(0.01); // 480 frames from frame Q
    gate.open({ kind: 'open', at: 200 / SR, rampSec: 0, lateRampSec: 0.008 }, Q);
    let out = render(gate, Q, 12);
    expect(out[479]).toBeGreaterThan(0);
    expect(out[480]).toBe(0);
    expect(out[480 + 384]).toBe(1);
    expect(largestStep(out)).toBeLessThan(1 / 380);
    gate.close(0.001);
    gate.open({ kind: 'open', at: 3_000 / SR, rampSec: 0, lateRampSec: 0.008 }, 13 * Q);
    out = render(gate, 13 * Q, 20);
    expect(out[3_000 - 13 * Q - 1]).toBe(0);
    expect(out[3_000 - 13 * Q]).toBe(1);
  });

  it('a close drops a pending open; a second close while ramping keeps the sooner end', () => {
    const gate = new GateCore(SR);
    gate.open({ kind: 'open', at: 1_000 / SR, rampSec: 0, lateRampSec: 0.008 }, 0);
    gate.close(0.008);
    expect([...render(gate, 0, 16)].every((v) => v === 0)).toBe(true);
    const open = openGate();
    open.close(0.01); // from frame Q, 480 frames
    render(open, Q, 1);
    open.close(0.02);
    const out = render(open, 2 * Q, 10);
    expect(out[480 - Q - 1]).toBeGreaterThan(0);
    expect(out[480 - Q]).toBe(0);
  });

  it('a count-in opens before its song: the sooner open stands, and a fade of 0 cuts on the next frame', () => {
    const gate = new GateCore(SR);
    gate.open({ kind: 'open', at: 200 / SR, rampSec: 0, lateRampSec: 0.008 }, 0);
    gate.open({ kind: 'open', at: 5_000 / SR, rampSec: 0, lateRampSec: 0.008 }, 0);
    expect(render(gate, 0, 2)[200]).toBe(1);
    gate.close(0);
    const output = [new Float32Array(Q), new Float32Array(Q)];
    gate.process([new Float32Array(Q).fill(1)], output, 2 * Q);
    expect(output[0]![0]).toBe(1);
    expect(output[0]![1]).toBe(0);
    expect([...output[1]!].every((v) => v === 0)).toBe(true); // a missing input channel is silence
  });
});
