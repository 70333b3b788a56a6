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

describe('GateCore', () => {
  it('passes audio untouched while open', () => {
    const gate = new GateCore(SR);
    expect([...render(gate, 0, 2)].every((v) => v === 1)).toBe(true);
  });

  it('ramps down from the very next frame it renders and is exactly silent after the fade', () => {
    const gate = new GateCore(SR);
    const fade = 0.008; // 384 frames
    gate.close({ fadeSec: fade, until: 1 }, 1_280);
    const out = render(gate, 1_280, 8);
    expect(out[0]).toBe(1);
    expect(out[1]).toBeLessThan(1);
    // Linear: no step larger than one ramp step.
    for (let i = 1; i < 384; i++) expect(out[i - 1]! - out[i]!).toBeCloseTo(1 / 384, 6);
    expect([...out.subarray(384)].every((v) => v === 0)).toBe(true);
  });

  it('opens again at the exact frame of `until`, not at a quantum boundary', () => {
    const gate = new GateCore(SR);
    const openFrame = 1_000;
    gate.close({ fadeSec: 0.005, until: openFrame / SR }, 0);
    const out = render(gate, 0, 10);
    expect(out[openFrame - 1]).toBe(0);
    expect(out[openFrame]).toBe(1);
    expect(gate.closing).toBe(false);
  });

  it('never opens before its own ramp is down, whatever `until` says', () => {
    const gate = new GateCore(SR);
    gate.close({ fadeSec: 0.01, until: 10 / SR }, 0); // 480-frame ramp, `until` at frame 10
    const out = render(gate, 0, 5);
    expect(out[100]).toBeGreaterThan(0);
    expect(out[100]).toBeLessThan(1);
    expect(out[480]).toBe(1);
  });

  it('ignores a close whose hold is already over (a message that arrived late)', () => {
    const gate = new GateCore(SR);
    gate.close({ fadeSec: 0.005, until: 0.01 }, 48_000);
    expect([...render(gate, 48_000, 2)].every((v) => v === 1)).toBe(true);
  });

  it('a second close while ramping keeps the sooner end and the later reopening', () => {
    const gate = new GateCore(SR);
    gate.close({ fadeSec: 0.01, until: 2_000 / SR }, 0);
    render(gate, 0, 1);
    gate.close({ fadeSec: 0.02, until: 3_000 / SR }, Q);
    const out = render(gate, Q, 30);
    // The first ramp (480 frames) still ends at frame 480.
    expect(out[480 - Q - 1]).toBeGreaterThan(0);
    expect(out[480 - Q]).toBe(0);
    expect(out[3_000 - Q - 1]).toBe(0);
    expect(out[3_000 - Q]).toBe(1);
  });

  it('a fade of 0 cuts on the next frame; missing input channels are silence', () => {
    const gate = new GateCore(SR);
    gate.close({ fadeSec: 0, until: 1 }, 0);
    const output = [new Float32Array(Q), new Float32Array(Q)];
    gate.process([new Float32Array(Q).fill(1)], output, 0);
    expect(output[0]![0]).toBe(1);
    expect(output[0]![1]).toBe(0);
    expect([...output[1]!].every((v) => v === 0)).toBe(true);
  });
});
