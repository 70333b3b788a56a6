/**
 * TEST-ONLY hooks for output routing, reached by the e2e tests and the bench through the offscreen
 * page as `globalThis.__routingTestHooks` (entrypoints/offscreen/main.ts). They render the engine's
 * real mixer graph, scheduler, generated click and count-in into an OfflineAudioContext with as
 * many channels as an audio interface, and measure the result in the page (only numbers travel).
 * Nothing in the extension calls these.
 */
import type { MixView } from '../../shared/messages';
import { channelsOf, GENERATED_CLICK_ID, type OutputTarget } from '../outputs/routing';
import { frameOfBeat } from './bar-grid';
import { ClickTrack } from './click';
import { planCountIn } from './count-in';
import { CHUNK_FRAMES } from './decode/chunk-grid';
import { GeneratedClickStream } from './generated-click';
import { steadyMap } from './tempo-map';
import { MixerGraph } from './graph';
import { toDb } from './meters';
import { defaultMix } from './mix';
import { openChannels } from './outputs';
import { Scheduler } from './scheduler';
import type { Chunk, StemStream } from './stream';

const SAMPLE_RATE = 48_000;

/** A stem from samples in memory, with what the scheduler takes from a StemStream. */
class SamplesStream {
  #next = 0;
  #front: Chunk[] = [];
  aheadFrames = CHUNK_FRAMES;
  readonly error = null;
  readonly failedAtFrame = null;
  constructor(private readonly samples: Float32Array<ArrayBuffer>) {}
  seek(frame: number) {
    this.#next = frame;
    this.#front = [];
  }
  take(): Chunk | null {
    const kept = this.#front.shift();
    if (kept) return kept;
    if (this.#next >= this.samples.length) return null;
    const from = this.#next;
    const to = Math.min(this.samples.length, (Math.floor(from / CHUNK_FRAMES) + 1) * CHUNK_FRAMES);
    this.#next = to;
    const buffer = new AudioBuffer({ length: to - from, numberOfChannels: 1, sampleRate: SAMPLE_RATE });
    buffer.copyToChannel(this.samples.subarray(from, to), 0);
    return { frame: from, buffer };
  }
  unshift(chunks: Chunk[]) {
    this.#front.unshift(...chunks);
  }
  get done() {
    return !this.#front.length && this.#next >= this.samples.length;
  }
  isBuffered() {
    return true;
  }
  async whenBuffered() {}
}

const asStem = (stream: unknown) => stream as StemStream;

function sine(seconds: number, hz: number, level = 0.5): Float32Array<ArrayBuffer> {
  const out = new Float32Array(Math.round(seconds * SAMPLE_RATE));
  for (let i = 0; i < out.length; i++) out[i] = level * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE);
  return out;
}

function peakDb(channel: Float32Array, from = 0, to = channel.length): number {
  let peak = 0;
  for (let i = from; i < to; i++) peak = Math.max(peak, Math.abs(channel[i]!));
  return toDb(peak);
}

/** Frames where sound starts after at least `gap` silent frames. */
function onsets(channel: Float32Array, gap: number): number[] {
  const found: number[] = [];
  let silent = Infinity;
  channel.forEach((s, i) => {
    if (s !== 0 && silent >= gap) found.push(i);
    silent = s === 0 ? silent + 1 : 0;
  });
  return found;
}

/** Renders in steps, letting the scheduler's timer pump between them (an offline render outruns it). */
async function renderPumped(context: OfflineAudioContext, stepSec: number): Promise<AudioBuffer> {
  for (let t = stepSec; t < context.length / context.sampleRate; t += stepSec) {
    void context.suspend(t).then(async () => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await context.resume();
    });
  }
  return context.startRendering();
}

export interface IsolationResult {
  /** Per track: the peak (dBFS) of every channel while only that track sounds. */
  perTrack: Record<string, number[]>;
  /** Every track sounding, master at `masterGainDb`: peak per channel while the envelope is open, and while it is closed. */
  open: number[];
  closed: number[];
  renderMs: number;
}

export const routingTestHooks = {
  /**
   * Each track of `targets` alone (a 0.5 full-scale sine per track, different pitches) through a
   * mixer graph routed to `channels` outputs; then all together with the master fader at
   * `masterGainDb` and the transport envelope closed from 0.1 s to 0.3 s.
   */
  async isolation(targets: Record<string, OutputTarget>, channels: number, masterGainDb: number): Promise<IsolationResult> {
    const started = performance.now();
    const ids = Object.keys(targets);
    const seconds = 0.5;
    const render = async (sounding: string[], mix: MixView, envelope: boolean) => {
      const context = new OfflineAudioContext({ numberOfChannels: channels, length: seconds * SAMPLE_RATE, sampleRate: SAMPLE_RATE });
      openChannels(context);
      const graph = new MixerGraph(context, ids, mix, targets);
      // Opened on the first frame, as the scheduler opens it when a song starts (it is built closed).
      graph.envelope.openAt(0);
      if (envelope) {
        graph.envelope.fadeOut(0.1); // ramps from 0 s, closed at 0.1 s
        graph.envelope.openAt(0.3);
      }
      sounding.forEach((id) => {
        const buffer = new AudioBuffer({ length: seconds * SAMPLE_RATE, numberOfChannels: 1, sampleRate: SAMPLE_RATE });
        buffer.copyToChannel(sine(seconds, 220 * (ids.indexOf(id) + 2)), 0);
        const source = new AudioBufferSourceNode(context, { buffer });
        source.connect(graph.inputOf(id));
        source.start(0);
      });
      const out = await context.startRendering();
      return Array.from({ length: channels }, (_, c) => out.getChannelData(c));
    };
    const perTrack: Record<string, number[]> = {};
    for (const id of ids) perTrack[id] = (await render([id], defaultMix(ids), false)).map((c) => peakDb(c));
    const mix = { ...defaultMix(ids), masterGainDb };
    const all = await render(ids, mix, true);
    const at = (sec: number) => Math.round(sec * SAMPLE_RATE);
    return {
      perTrack,
      closed: all.map((c) => peakDb(c, at(0.12), at(0.28))),
      open: all.map((c) => peakDb(c, at(0.35), at(0.5))),
      renderMs: performance.now() - started,
    };
  },

  /**
   * A stem of impulses on every beat and the generated click, both played by the engine's
   * scheduler through one mixer graph (stem on `stemTarget`, click on `clickTarget`), after a
   * count-in of `countInBars` routed with the click. Returns the onsets (frames) on each output.
   */
  async clickGrid(opts: {
    bpm: number;
    timeSignature: string;
    countInBars: number;
    songSeconds: number;
    channels: number;
    stemTarget: OutputTarget;
    clickTarget: OutputTarget;
  }): Promise<{ songStartFrame: number; beatFrames: number[]; stemOnsets: number[]; clickOnsets: number[]; countInOnsets: number[]; sampleRate: number }> {
    const { bpm, timeSignature, countInBars, songSeconds, channels } = opts;
    const songFrames = Math.round(songSeconds * SAMPLE_RATE);
    const impulses = new Float32Array(songFrames);
    const beatFrames: number[] = [];
    for (let n = 0; frameOfBeat(n, bpm, SAMPLE_RATE) < songFrames; n++) beatFrames.push(frameOfBeat(n, bpm, SAMPLE_RATE));
    for (const frame of beatFrames) impulses[frame] = 1;
    const countInSec = (countInBars * 8 * 60) / bpm; // generous: up to 8 beats a bar
    const context = new OfflineAudioContext({ numberOfChannels: channels, length: Math.round((songSeconds + countInSec + 0.5) * SAMPLE_RATE), sampleRate: SAMPLE_RATE });
    openChannels(context);
    const ids = ['impulses', GENERATED_CLICK_ID];
    const routing = { impulses: opts.stemTarget, [GENERATED_CLICK_ID]: opts.clickTarget };
    const graph = new MixerGraph(context, ids, defaultMix(ids), routing, GENERATED_CLICK_ID);
    const click = new GeneratedClickStream(steadyMap(bpm, timeSignature, SAMPLE_RATE), songFrames);
    const ctx = context as unknown as AudioContext;
    const scheduler = new Scheduler(
      ctx,
      [
        { id: 'impulses', stream: asStem(new SamplesStream(impulses)), output: graph.inputOf('impulses') },
        { id: GENERATED_CLICK_ID, stream: asStem(click), output: graph.inputOf(GENERATED_CLICK_ID) },
      ],
      () => {},
      {},
      graph.envelope,
    );
    // The count-in as the engine plays it (count-in.ts): its clicks, then the stems one beat after the last.
    const plan = planCountIn({ bpm, timeSignature }, { countInBars, countInGainDb: 0 }, 0, SAMPLE_RATE, context.currentTime);
    const countIn = new ClickTrack(ctx, 0, graph.countInInput);
    for (const { at, accent } of plan?.clicks ?? []) countIn.click(at, accent);
    scheduler.play(plan?.songStartsAt);
    const songStartFrame = Math.round(scheduler.timeOf(0) * SAMPLE_RATE);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const out = await renderPumped(context, 0.25);
    scheduler.halt();
    const gap = Math.round(((60 / bpm) * SAMPLE_RATE) / 2);
    const stemChannel = out.getChannelData(channelsOf(opts.stemTarget)[0]!);
    const clickChannel = out.getChannelData(channelsOf(opts.clickTarget)[0]!);
    const all = onsets(clickChannel, gap);
    return {
      songStartFrame,
      beatFrames,
      stemOnsets: onsets(stemChannel, 1),
      clickOnsets: all.filter((f) => f >= songStartFrame),
      countInOnsets: all.filter((f) => f < songStartFrame),
      sampleRate: SAMPLE_RATE,
    };
  },
};
