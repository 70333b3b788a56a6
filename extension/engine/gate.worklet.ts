/**
 * The output gate's AudioWorklet processor (see gate-core.ts), loaded by output-gate.ts through
 * `audioWorklet.addModule`. Runs in the AudioWorkletGlobalScope, which has these globals.
 */
import { GATE_RUNNING, GateCore, type GateMessage } from './gate-core';

declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

class OutputGateProcessor extends AudioWorkletProcessor {
  readonly #gate = new GateCore(sampleRate);

  constructor() {
    super();
    // Messages run between render calls: `currentFrame` is the next frame to render.
    this.port.onmessage = (event: MessageEvent<GateMessage>) => this.#gate.receive(event.data, currentFrame);
    this.port.postMessage(GATE_RUNNING);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    this.#gate.process(inputs[0] ?? [], outputs[0] ?? [], currentFrame);
    return true; // always on: it is the way to the destination
  }
}

registerProcessor('output-gate', OutputGateProcessor);
