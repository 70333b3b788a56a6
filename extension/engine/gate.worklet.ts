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
  /** Messages since the last render call, applied at the next one. */
  readonly #inbox: GateMessage[] = [];

  constructor() {
    super();
    // In a message handler `currentFrame` can lag by up to a device callback (the storm saw a
    // start's open taken as on time, then applied 4 quanta late at full level: a step). Only in
    // process() is it the frame about to be rendered, so messages are applied there.
    this.port.onmessage = (event: MessageEvent<GateMessage>) => void this.#inbox.push(event.data);
    this.port.postMessage(GATE_RUNNING);
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    for (const message of this.#inbox) this.#gate.receive(message, currentFrame);
    this.#inbox.length = 0;
    this.#gate.process(inputs[0] ?? [], outputs[0] ?? [], currentFrame);
    return true; // always on: it is the way to the destination
  }
}

registerProcessor('output-gate', OutputGateProcessor);
