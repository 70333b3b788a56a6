/// <reference path="./worklet-url.d.ts" />
import gateModuleUrl from './gate.worklet.ts?worker&url';
import type { GateClose } from './gate-core';

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
 * A song graph's last node before the device (see gate-core.ts): Stop, Pause, Panic and a song
 * change close it, so the song is silent a fade after the command, where the envelope's fade can
 * only start a render burst later.
 */
export class OutputGate {
  readonly node: AudioWorkletNode;

  private constructor(context: BaseAudioContext, channels: number) {
    this.node = new AudioWorkletNode(context, 'output-gate', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [channels],
      channelCount: channels,
      channelCountMode: 'explicit',
      channelInterpretation: 'discrete',
    });
  }

  /** A gate for a graph of `channels` channels, or null where the module is not loaded on `context`. */
  static create(context: BaseAudioContext, channels: number): OutputGate | null {
    return loadedOn.has(context) ? new OutputGate(context, channels) : null;
  }

  /** Ramps to silence from the next frame rendered, over `fadeSec`; open again from context time `until`. */
  close(fadeSec: number, until: number): void {
    const message: GateClose = { fadeSec, until };
    this.node.port.postMessage(message);
  }
}
