import type { OutputTarget } from '../outputs/routing';

/**
 * The device's channels as one multichannel signal: a ChannelMergerNode with one mono input per
 * channel. A stereo signal routed to a pair is split so its left feeds the pair's first channel
 * and its right the second; routed to a single output it enters that merger input, which sums it
 * to mono (a merger input takes one channel, down-mixing speakers-style: (L + R) / 2).
 */
export class OutputBus {
  readonly output: ChannelMergerNode;
  /** Per routed source, the nodes that carry it to the merger (so it can be re-routed). */
  readonly #routes = new Map<AudioNode, AudioNode[]>();

  constructor(
    private readonly context: BaseAudioContext,
    readonly channels: number,
  ) {
    this.output = new ChannelMergerNode(context, { numberOfInputs: channels });
  }

  /** `source` (stereo) feeds the target's channels only; channels the bus lacks are left out. */
  route(source: AudioNode, target: OutputTarget): void {
    const nodes: AudioNode[] = [];
    if (target.kind === 'pair') {
      const split = new ChannelSplitterNode(this.context, { numberOfOutputs: 2 });
      source.connect(split);
      for (const side of [0, 1]) {
        const channel = target.first + side;
        if (channel < this.channels) split.connect(this.output, side, channel);
      }
      nodes.push(split);
    } else if (target.channel < this.channels) {
      // Through a gain so that unrouting disconnects only this path.
      const mono = new GainNode(this.context, { channelCount: 1, channelCountMode: 'explicit', channelInterpretation: 'speakers' });
      source.connect(mono).connect(this.output, 0, target.channel);
      nodes.push(mono);
    }
    this.#routes.set(source, nodes);
  }

  /** Takes `source` off the bus; its other connections (meters) stay. */
  unroute(source: AudioNode): void {
    for (const node of this.#routes.get(source) ?? []) {
      source.disconnect(node);
      node.disconnect();
    }
    this.#routes.delete(source);
  }
}
