import type { MeterFrame, MixView } from '../../shared/messages';
import { MAINS, channelsOf, type OutputTarget } from '../outputs/routing';
import { dbToGain, isAudible } from './mix';
import { TransportEnvelope } from './envelope';
import { OutputGate } from './output-gate';
import { Meter, StereoMeter } from './meters';
import { OutputBus } from './output-bus';

/** Short ramps so fader moves and mutes do not click; 5 ms is inaudible as a fade. */
const RAMP_SEC = 0.005;

interface Strip {
  /** Where the track's sources connect. */
  input: GainNode;
  panner: StereoPannerNode;
  /** Fader and mute/solo in one gain: fader gain, or 0 when not audible. */
  gain: GainNode;
  meter: Meter;
  target: OutputTarget;
}

/** The channels a mixer graph has on this context's device: its open outputs, at least a stereo pair. */
export function graphChannels(context: BaseAudioContext): number {
  return Math.max(2, context.destination.channelCount);
}

/**
 * The mixer: per track input -> pan -> gain -> (meter) -> its output channels of the bus ->
 * master gain -> transport envelope -> (meters) -> output gate -> output. The bus merges every
 * track onto the device's channels (output-bus.ts) before the master, so the master fader, the
 * meters and every transport fade act on all outputs at once. One graph per song; disconnecting
 * it silences everything that played through it.
 */
export class MixerGraph {
  private readonly strips = new Map<string, Strip>();
  private readonly bus: OutputBus;
  private readonly master: GainNode;
  private readonly masterMeter: Meter;
  private readonly stereoMeter: StereoMeter;
  /** The count-in, routed like the song's click but after the envelope (it sounds while the song's is closed). */
  private readonly countInBus: OutputBus;
  private countInTarget: OutputTarget = MAINS;
  /** Transport fades and seams; the meters read after it, as the output does. */
  readonly envelope: TransportEnvelope;
  /** Where the song leaves for the device (absent: straight to it, in offline renders). */
  private readonly gate: OutputGate | null;

  constructor(
    private readonly context: BaseAudioContext,
    trackIds: readonly string[],
    mix: MixView,
    /** Each track's output channels; absent: the mains. */
    routing: Readonly<Record<string, OutputTarget>> = {},
    /** The track the count-in follows (the song's click), if any. */
    clickTrackId?: string,
  ) {
    const channels = graphChannels(context);
    this.bus = new OutputBus(context, channels);
    this.countInBus = new OutputBus(context, channels);
    this.master = new GainNode(context, discrete(channels, { gain: dbToGain(mix.masterGainDb) }));
    this.masterMeter = new Meter(context);
    this.stereoMeter = new StereoMeter(context);
    this.gate = OutputGate.create(context, channels);
    this.envelope = new TransportEnvelope(context, this.gate);
    const out = this.bus.output.connect(this.master).connect(this.envelope.node);
    out.connect(this.masterMeter.node);
    out.connect(this.stereoMeter.node);
    // The song and its count-in both leave through the gate, so a Stop silences both.
    const exit = this.gate?.node ?? context.destination;
    out.connect(exit);
    this.countInBus.output.connect(exit);
    this.gate?.node.connect(context.destination);
    this.countInInput = new GainNode(context);
    for (const id of trackIds) {
      const input = new GainNode(context);
      const panner = new StereoPannerNode(context, { pan: mix.tracks[id]?.pan ?? 0 });
      const gain = new GainNode(context, { gain: this.trackGain(mix, id) });
      const meter = new Meter(context);
      input.connect(panner).connect(gain);
      gain.connect(meter.node);
      const target = routing[id] ?? MAINS;
      this.bus.route(gain, target);
      this.strips.set(id, { input, panner, gain, meter, target });
    }
    if (clickTrackId) this.countInTarget = routing[clickTrackId] ?? MAINS;
    this.countInBus.route(this.countInInput, this.countInTarget);
  }

  /** Where the count-in's clicks connect: they reach the song's click outputs, not the envelope. */
  readonly countInInput: GainNode;

  /** The device channels the graph feeds. */
  get channels(): number {
    return this.bus.channels;
  }

  inputOf(trackId: string): AudioNode {
    const strip = this.strips.get(trackId);
    if (!strip) throw new Error(`No mixer strip for track ${trackId}`);
    return strip.input;
  }

  /** The channels each track feeds now. */
  get routing(): Record<string, OutputTarget> {
    return Object.fromEntries([...this.strips].map(([id, s]) => [id, s.target]));
  }

  /**
   * Re-routes tracks while playing: each changed track leaves its old channels and joins its new
   * ones in the same render quantum; nothing else is touched, so play goes on.
   */
  reroute(routing: Readonly<Record<string, OutputTarget>>, clickTrackId?: string): void {
    for (const [id, strip] of this.strips) {
      const target = routing[id] ?? MAINS;
      if (sameTarget(target, strip.target)) continue;
      this.bus.unroute(strip.gain);
      this.bus.route(strip.gain, target);
      strip.target = target;
    }
    const countIn = (clickTrackId && routing[clickTrackId]) || MAINS;
    if (!sameTarget(countIn, this.countInTarget)) {
      this.countInBus.unroute(this.countInInput);
      this.countInBus.route(this.countInInput, countIn);
      this.countInTarget = countIn;
    }
  }

  apply(mix: MixView): void {
    const now = this.context.currentTime;
    this.master.gain.setTargetAtTime(dbToGain(mix.masterGainDb), now, RAMP_SEC);
    for (const [id, strip] of this.strips) {
      strip.gain.gain.setTargetAtTime(this.trackGain(mix, id), now, RAMP_SEC);
      strip.panner.pan.setTargetAtTime(mix.tracks[id]?.pan ?? 0, now, RAMP_SEC);
    }
  }

  meters(): MeterFrame {
    const tracks: MeterFrame['tracks'] = {};
    for (const [id, strip] of this.strips) tracks[id] = strip.meter.read();
    return { master: { ...this.masterMeter.read(), channelRmsDb: this.stereoMeter.read() }, tracks };
  }

  dispose(): void {
    this.master.disconnect();
    this.envelope.node.disconnect();
    this.bus.output.disconnect();
    this.countInBus.output.disconnect();
    this.countInInput.disconnect();
    this.gate?.node.disconnect();
    for (const strip of this.strips.values()) strip.input.disconnect();
  }

  private trackGain(mix: MixView, id: string): number {
    return isAudible(mix, id) ? dbToGain(mix.tracks[id]?.gainDb ?? 0) : 0;
  }
}

function sameTarget(a: OutputTarget, b: OutputTarget): boolean {
  return channelsOf(a).join() === channelsOf(b).join() && a.kind === b.kind;
}

/** Node options that pass `channels` channels through unmixed. */
export function discrete<T extends object>(channels: number, options?: T): T & AudioNodeOptions {
  return { ...(options as T), channelCount: channels, channelCountMode: 'explicit', channelInterpretation: 'discrete' };
}
