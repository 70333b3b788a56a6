import { fadeStartOf } from './envelope';
import { dbToGain } from './mix';

/** Short enough to stay a click, long enough to be heard over a band. */
const CLICK_SEC = 0.03;

/**
 * The count-in click: short bursts started on exact context times, through their own fader to
 * the song's click outputs, after its master and envelope (so a muted mix still counts in).
 */
export class ClickTrack {
  private readonly fader: GainNode;
  private voices: OscillatorNode[] = [];
  /** Cosine-phase odd harmonics: a square-ish tone whose first sample is its peak, so the onset is the beat's frame. */
  private readonly wave: PeriodicWave;

  constructor(
    private readonly context: AudioContext,
    gainDb: number,
    /** The song's count-in input (routed like its click), else the mains. */
    output: AudioNode = context.destination,
  ) {
    this.fader = new GainNode(context, { gain: dbToGain(gainDb) });
    this.fader.connect(output);
    this.wave = new PeriodicWave(context, { real: [0, 1, 0, 1 / 3, 0, 1 / 5], imag: [0, 0, 0, 0, 0, 0] });
  }

  setGainDb(gainDb: number): void {
    this.fader.gain.setTargetAtTime(dbToGain(gainDb), this.context.currentTime, 0.005);
  }

  /** One click at context time `at`; the accent is higher and louder (the bar's first beat). */
  click(at: number, accent: boolean): void {
    const osc = new OscillatorNode(this.context, { type: 'custom', periodicWave: this.wave, frequency: accent ? 1600 : 1000 });
    const env = new GainNode(this.context, { gain: 0 });
    env.gain.setValueAtTime(accent ? 0.5 : 0.3, at);
    env.gain.exponentialRampToValueAtTime(0.001, at + CLICK_SEC);
    osc.connect(env).connect(this.fader);
    osc.start(at);
    osc.stop(at + CLICK_SEC);
    osc.onended = () => {
      env.disconnect();
      this.voices = this.voices.filter((v) => v !== osc);
    };
    this.voices.push(osc);
  }

  /** Pause/stop during a count-in: the remaining clicks must not sound; one sounding fades out. */
  cancel(fadeSec = 0): void {
    const now = fadeStartOf(this.context);
    for (const osc of this.voices) {
      // Over before the fade ends: stopped and released when it does.
      osc.onended = () => osc.disconnect();
      osc.stop(now + fadeSec);
    }
    this.voices = [];
    if (fadeSec > 0) {
      const gain = this.fader.gain;
      const level = gain.value;
      gain.cancelAndHoldAtTime(now);
      gain.linearRampToValueAtTime(0, now + fadeSec);
      gain.setValueAtTime(level, now + fadeSec);
    }
  }

  dispose(): void {
    this.cancel();
    this.fader.disconnect();
  }
}
