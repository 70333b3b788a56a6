import type { MeterFrame, MixView } from '../../shared/messages';
import { dbToGain, isAudible } from './mix';
import { TransportEnvelope } from './envelope';
import { Meter, StereoMeter } from './meters';

/** Short ramps so fader moves and mutes do not click; 5 ms is inaudible as a fade. */
const RAMP_SEC = 0.005;

interface Strip {
  /** Where the track's sources connect. */
  input: GainNode;
  panner: StereoPannerNode;
  /** Fader and mute/solo in one gain: fader gain, or 0 when not audible. */
  gain: GainNode;
  meter: Meter;
}

/**
 * The mixer: per track input -> pan -> gain -> (meter) -> master gain -> transport envelope -> (meter) -> output.
 * One graph per song; disconnecting it silences everything that played through it.
 */
export class MixerGraph {
  private readonly strips = new Map<string, Strip>();
  private readonly master: GainNode;
  private readonly masterMeter: Meter;
  private readonly stereoMeter: StereoMeter;
  /** Transport fades and seams; the meters read after it, as the output does. */
  readonly envelope: TransportEnvelope;

  constructor(
    private readonly context: AudioContext,
    trackIds: readonly string[],
    mix: MixView,
  ) {
    this.master = new GainNode(context, { gain: dbToGain(mix.masterGainDb) });
    this.masterMeter = new Meter(context);
    this.stereoMeter = new StereoMeter(context);
    this.envelope = new TransportEnvelope(context);
    const out = this.master.connect(this.envelope.node);
    out.connect(this.masterMeter.node);
    out.connect(this.stereoMeter.node);
    out.connect(context.destination);
    for (const id of trackIds) {
      const input = new GainNode(context);
      const panner = new StereoPannerNode(context, { pan: mix.tracks[id]?.pan ?? 0 });
      const gain = new GainNode(context, { gain: this.trackGain(mix, id) });
      const meter = new Meter(context);
      input.connect(panner).connect(gain).connect(this.master);
      gain.connect(meter.node);
      this.strips.set(id, { input, panner, gain, meter });
    }
  }

  inputOf(trackId: string): AudioNode {
    const strip = this.strips.get(trackId);
    if (!strip) throw new Error(`No mixer strip for track ${trackId}`);
    return strip.input;
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
    for (const strip of this.strips.values()) strip.input.disconnect();
  }

  private trackGain(mix: MixView, id: string): number {
    return isAudible(mix, id) ? dbToGain(mix.tracks[id]?.gainDb ?? 0) : 0;
  }
}
