import { describe, expect, it } from 'vitest';
import { cleanFadeSec, DEFAULT_FADE_SEC, MAX_FADE_SEC, renderAheadSec, TransportEnvelope } from './envelope';

/** An AudioParam that evaluates its automation like Web Audio (set and linear ramps only). */
class Param {
  value = 1;
  events: { type: 'set' | 'ramp'; value: number; time: number }[] = [];
  cancelScheduledValues(t: number) {
    this.events = this.events.filter((e) => e.time < t);
  }
  /** As the spec says: a ramp running through `t` is cut there, ending at the level it had reached. */
  cancelAndHoldAtTime(t: number) {
    const held = this.at(t);
    const running = [...this.events].sort((a, b) => a.time - b.time).find((e) => e.time > t);
    this.cancelScheduledValues(t);
    this.events.push({ type: running?.type === 'ramp' ? 'ramp' : 'set', value: held, time: t });
  }
  setValueAtTime(value: number, time: number) {
    this.events.push({ type: 'set', value, time });
  }
  linearRampToValueAtTime(value: number, time: number) {
    this.events.push({ type: 'ramp', value, time });
  }
  at(t: number): number {
    let value = this.value;
    let from = { value, time: 0 };
    for (const e of [...this.events].sort((a, b) => a.time - b.time)) {
      if (e.time > t) {
        if (e.type === 'ramp') return from.value + ((e.value - from.value) * (t - from.time)) / (e.time - from.time);
        break;
      }
      value = e.value;
      from = { value, time: e.time };
    }
    return value;
  }
}

/** GainNodes whose gain is `param`, starting at the node's initial gain. */
function stubGain(): Param {
  const param = new Param();
  globalThis.GainNode = class {
    gain = param;
    constructor(_: unknown, options: { gain: number }) {
      param.value = options.gain;
    }
  } as never;
  return param;
}

/** The envelope of a song that is playing: opened at the start of the context. */
function envelopeAt(now = { currentTime: 1, sampleRate: 48_000 }) {
  const param = stubGain();
  const env = new TransportEnvelope(now as BaseAudioContext);
  env.openAt(0);
  return { env, param, now };
}

/** How far ahead a fade from now starts at 48 kHz with no base latency known: a 4-quantum burst and a quantum. */
const AHEAD = (5 * 128) / 48_000;

/** Largest change between consecutive samples of the gain over [from, to] at 48 kHz. */
function maxStep(param: Param, from: number, to: number): number {
  let max = 0;
  let last = param.at(from);
  for (let t = from; t <= to; t += 1 / 48_000) {
    const v = param.at(t);
    max = Math.max(max, Math.abs(v - last));
    last = v;
  }
  return max;
}

describe('TransportEnvelope', () => {
  it('is closed until a start opens it, so sources started before their start is confirmed stay silent', () => {
    const param = stubGain();
    const env = new TransportEnvelope({ currentTime: 1 } as BaseAudioContext);
    expect(param.at(1.5)).toBe(0);
    expect(env.valueAt(1.5)).toBe(0);
    env.openAt(2);
    expect(param.at(1.999)).toBe(0);
    expect(param.at(2)).toBe(1);
  });

  it('fades to silence over the fade, with no step larger than one ramp increment', () => {
    const { env, param } = envelopeAt();
    const silentAt = env.fadeOut(0.008).closed;
    // It starts a render burst and a quantum ahead (the audio thread may be past the time just read).
    expect(param.at(1 + AHEAD)).toBe(1);
    expect(silentAt).toBeCloseTo(1 + AHEAD + 0.008, 9);
    expect(param.at(silentAt)).toBe(0);
    expect(maxStep(param, 0.99, 1.02)).toBeLessThan(1 / (0.008 * 48_000) + 1e-6);
  });

  it('a prompt fade (a song change, whose next song waits for it) starts one quantum ahead', () => {
    const { env, param } = envelopeAt();
    const silentAt = env.fadeOut(0.008, true).closed;
    expect(param.at(1 + 128 / 48_000)).toBe(1);
    expect(silentAt).toBeCloseTo(1 + 128 / 48_000 + 0.008, 9);
    expect(param.at(silentAt)).toBe(0);
  });

  it('with a gate, the gate fades from the next frame and the envelope a render-ahead later, where it cannot land in the past', () => {
    const param = stubGain();
    const now = { currentTime: 1, sampleRate: 48_000 };
    const messages: unknown[][] = [];
    const gate = { close: (...a: unknown[]) => messages.push(['close', ...a]), open: (...a: unknown[]) => messages.push(['open', ...a]) };
    const env = new TransportEnvelope(now as BaseAudioContext, gate as never);
    env.openAt(0);
    // A song change too: the gate, not the envelope, makes the fade prompt.
    const { closed, silent } = env.fadeOut(0.008, true);
    expect(param.at(1 + AHEAD)).toBe(1);
    expect(closed).toBeCloseTo(1 + AHEAD + 0.008, 9);
    expect(param.at(closed)).toBe(0);
    expect(messages).toEqual([['open', 0, 0, 0.008], ['close', 0.008]]);
    // The output is silent a fade (and a quantum) from now.
    expect(silent).toBeCloseTo(1 + 128 / 48_000 + 0.008, 9);
  });

  it('with a gate, a start mid-song opens the envelope at once on its frame and lets the gate ramp (it can, even when late)', () => {
    const param = stubGain();
    const now = { currentTime: 1, sampleRate: 48_000 };
    const messages: unknown[][] = [];
    const gate = { close: () => {}, open: (...a: unknown[]) => messages.push(a) };
    const env = new TransportEnvelope(now as BaseAudioContext, gate as never);
    env.openAt(1.01, 0.008, 0.006);
    expect(param.at(1.0099)).toBe(0);
    expect(param.at(1.01)).toBe(1);
    expect(messages).toEqual([[1.01, 0.008, 0.006]]);
    // The count-in (after the envelope) opens the gate alone, on its first click.
    env.admitFrom(1.5);
    expect(messages.at(-1)).toEqual([1.5, 0, 0.008]);
  });

  it('opens at full level exactly on the first frame of a play after a fade', () => {
    const { env, param } = envelopeAt();
    const silentAt = env.fadeOut(0.008).closed;
    env.openAt(silentAt + 0.005); // the scheduler starts after the fade (quietAt)
    expect(param.at(silentAt + 0.0049)).toBe(0);
    expect(param.at(silentAt + 0.005)).toBe(1);
  });

  it('ramps up from the first frame when resuming mid-song', () => {
    const { env, param } = envelopeAt();
    env.fadeOut(0.008);
    env.openAt(1.02, 0.008);
    expect(param.at(1.02)).toBe(0);
    expect(param.at(1.024)).toBeCloseTo(0.5, 9);
    expect(param.at(1.028)).toBe(1);
  });

  it('dips around a seam: silent exactly at the seam, full level again after it', () => {
    const { env, param } = envelopeAt();
    env.dip(2, 0.004);
    expect(param.at(1.99)).toBe(1);
    expect(param.at(2)).toBe(0);
    expect(param.at(2.004)).toBe(1);
    expect(maxStep(param, 1.99, 2.01)).toBeLessThan(1 / (0.004 * 48_000) + 1e-6);
  });

  it('a dip keeps the render-ahead of the clock read that placed its seam, though the clock has moved a burst since', () => {
    const { env, param, now } = envelopeAt();
    const ahead = 1 + AHEAD; // the seam at `ahead` + 4 ms was placed from this read
    now.currentTime = 1 + 512 / 48_000; // a burst rendered while the seam was being committed
    env.dip(ahead + 0.004, 0.004, ahead);
    expect(param.at(ahead)).toBe(1);
    expect(param.at(ahead + 0.004)).toBe(0);
    expect(maxStep(param, 1, ahead + 0.01)).toBeLessThan(1 / (0.004 * 48_000) + 1e-6);
  });

  it('a seam started late: closed over the gap, then ramping from 0 before the start, with nothing at the start frame but 0', () => {
    const { env, param } = envelopeAt();
    env.dip(1.02, 0.004); // the seam: sources stop at 1.02, the dip is back at 1 by 1.024
    env.closeAt(1.03); // nothing sounds between the seam and the late start
    env.openAt(1.04, 0.008);
    expect(param.at(1.035)).toBe(0);
    expect(param.at(1.04)).toBe(0);
    expect(param.at(1.044)).toBeCloseTo(0.5, 9);
  });

  it('keeps fade lengths in range', () => {
    expect(cleanFadeSec(0.005)).toBe(0.005);
    expect(cleanFadeSec(1)).toBe(MAX_FADE_SEC);
    expect(cleanFadeSec(-1)).toBe(0);
    expect(cleanFadeSec('x')).toBe(DEFAULT_FADE_SEC);
  });
});

describe('TransportEnvelope mid-ramp', () => {
  it('a pause during a resume ramp fades from the level reached, with no step', () => {
    const { env, param, now } = envelopeAt();
    env.openAt(1.02, 0.008); // resume: ramp 1.020–1.028
    now.currentTime = 1.024; // halfway up
    expect(env.valueAt(1.024)).toBeCloseTo(0.5, 9);
    const silentAt = env.fadeOut(0.008).closed;
    expect(param.at(1.024)).toBeCloseTo(0.5, 9);
    expect(param.at(silentAt)).toBe(0);
    expect(maxStep(param, 1.0201, 1.04)).toBeLessThan(1 / (0.008 * 48_000) + 1e-6);
  });
});

describe('renderAheadSec', () => {
  it('covers one device callback in whole quanta, from the base latency, plus a quantum', () => {
    // Chrome on Linux: 10 ms base latency at 44.1 kHz is 441 frames, rendered as 4 quanta (512 frames).
    expect(renderAheadSec({ sampleRate: 44_100, baseLatency: 0.01 }) * 44_100).toBeCloseTo(640, 6);
    expect(renderAheadSec({ sampleRate: 48_000, baseLatency: 256 / 48_000 }) * 48_000).toBeCloseTo(384, 6);
    expect(renderAheadSec({ sampleRate: 48_000 }) * 48_000).toBeCloseTo(640, 6); // offline: no base latency
    expect(renderAheadSec({ sampleRate: 48_000, baseLatency: 1 }) * 48_000).toBeCloseTo(17 * 128, 6); // capped
  });
});
