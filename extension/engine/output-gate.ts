/// <reference path="./worklet-url.d.ts" />
import gateModuleUrl from './gate.worklet.ts?worker&url';
import { GATE_RUNNING, type GateMessage } from './gate-core';

/**
 * How long a start waits for a gate's processor at most. It is built within a callback or two;
 * should the audio thread never build it, the show goes on (heard from when it appears).
 */
const RUNNING_WAIT_MS = 1000;

/** Contexts whose gate module is loaded; graphs made on them get a gate. */
const loadedOn = new WeakSet<BaseAudioContext>();
const loading = new WeakMap<BaseAudioContext, Promise<boolean>>();

/**
 * Loads the gate's AudioWorklet module into the engine's real-time context, once; false where it
 * cannot load (the show goes on: transport fades then use the envelope alone, a render burst later).
 * Offline renders and unit tests never call it, so their graphs have no gate.
 */
export function loadGate(context: AudioContext): Promise<boolean> {
  if (typeof AudioWorkletNode !== 'function' || !context.audioWorklet) return Promise.resolve(false);
  let load = loading.get(context);
  if (!load) {
    load = context.audioWorklet.addModule(gateModuleUrl).then(
      () => (loadedOn.add(context), true),
      (error: unknown) => {
        console.warn('StageTracker: the output gate could not load; transport fades use the envelope alone.', error);
        return false;
      },
    );
    loading.set(context, load);
  }
  return load;
}

/**
 * A song graph's last node before the device (see gate-core.ts). A start opens it on its first
 * frame (late: with a fade-in, never a step); Stop, Pause, Panic and a song change close it, so
 * the song is silent a fade after the command, where the envelope's fade can only start a render
 * burst later.
 */
export class OutputGate {
  readonly node: AudioWorkletNode;
  /** Resolves once the processor runs on the audio thread (see GATE_RUNNING), or after RUNNING_WAIT_MS. */
  readonly ready: Promise<void>;
  #running = false;

  private constructor(context: BaseAudioContext, channels: number) {
    this.node = new AudioWorkletNode(context, 'output-gate', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [channels],
      channelCount: channels,
      channelCountMode: 'explicit',
      channelInterpretation: 'discrete',
    });
    this.ready = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        console.warn('StageTracker: the output gate did not start in time; playing without waiting for it.');
        this.#running = true;
        resolve();
      }, RUNNING_WAIT_MS);
      this.node.port.onmessage = (event: MessageEvent<unknown>) => {
        if (event.data !== GATE_RUNNING) return;
        clearTimeout(timer);
        this.#running = true;
        resolve();
      };
    });
  }

  /** The processor runs: the graph's output is heard (before, the node outputs silence). */
  get running(): boolean {
    return this.#running;
  }

  /** A gate for a graph of `channels` channels, or null where the module is not loaded on `context`. */
  static create(context: BaseAudioContext, channels: number): OutputGate | null {
    return loadedOn.has(context) ? new OutputGate(context, channels) : null;
  }

  /** Ramps to silence from the next frame rendered, over `fadeSec`, and stays closed until an open. */
  close(fadeSec: number): void {
    this.#post({ kind: 'close', fadeSec });
  }

  /**
   * Opens on the frame at context time `at`: at full level (`rampSec` 0) or ramping up. Arriving
   * after that frame (the audio thread got there first), it ramps up over `lateRampSec` from the
   * frame it is read at: a fade-in, never a step.
   */
  open(at: number, rampSec: number, lateRampSec: number): void {
    this.#post({ kind: 'open', at, rampSec, lateRampSec });
  }

  #post(message: GateMessage): void {
    this.node.port.postMessage(message);
  }
}
