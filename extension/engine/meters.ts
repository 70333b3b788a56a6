import type { Level } from '../../shared/messages';

export const SILENCE_DB = -200;

/** A post-fader tap; reading it is cheap, so levels are only computed when someone asks. */
export class Meter {
  readonly node: AnalyserNode;
  private readonly buffer: Float32Array<ArrayBuffer>;

  constructor(context: BaseAudioContext) {
    // 2048 frames ≈ 46 ms at 44.1 kHz: the usual meter integration window.
    this.node = new AnalyserNode(context, { fftSize: 2048 });
    this.buffer = new Float32Array(this.node.fftSize);
  }

  read(): Level {
    this.node.getFloatTimeDomainData(this.buffer);
    return levelOf(this.buffer);
  }
}

/** Left and right RMS after a splitter, for the master's stereo picture. */
export class StereoMeter {
  readonly node: ChannelSplitterNode;
  private readonly sides: [Meter, Meter];

  constructor(context: BaseAudioContext) {
    this.node = new ChannelSplitterNode(context, { numberOfOutputs: 2 });
    this.sides = [new Meter(context), new Meter(context)];
    this.sides.forEach((meter, i) => this.node.connect(meter.node, i));
  }

  read(): [number, number] {
    return [this.sides[0].read().rmsDb, this.sides[1].read().rmsDb];
  }
}

export function levelOf(samples: Float32Array): Level {
  let peak = 0;
  let sum = 0;
  for (const s of samples) {
    const a = Math.abs(s);
    if (a > peak) peak = a;
    sum += s * s;
  }
  return { peakDb: toDb(peak), rmsDb: toDb(Math.sqrt(sum / Math.max(1, samples.length))) };
}

export function toDb(amplitude: number): number {
  return amplitude > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(amplitude)) : SILENCE_DB;
}
