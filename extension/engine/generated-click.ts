import { beatsBetween, tempoMapOf, type TempoChange, type TempoMap } from './tempo-map';
import { CHUNK_FRAMES } from './decode/chunk-grid';
import type { Chunk } from './stream';

/** Same sound as the count-in (click.ts): 30 ms, first sample at its peak so the onset is the beat's frame. */
const CLICK_SEC = 0.03;
const ACCENT = { frequency: 1600, level: 0.5 };
const BEAT = { frequency: 1000, level: 0.3 };
/** Cosine-phase odd harmonics (the count-in's PeriodicWave): peak at the first sample. */
const HARMONICS = [
  [1, 1],
  [3, 1 / 3],
  [5, 1 / 5],
] as const;

/** One click's samples, from its onset; the envelope decays to -60 dB over CLICK_SEC like the count-in's ramp. */
export function clickSamples(sampleRate: number, accent: boolean): Float32Array {
  const { frequency, level } = accent ? ACCENT : BEAT;
  const length = Math.round(CLICK_SEC * sampleRate);
  const samples = new Float32Array(length);
  const norm = HARMONICS.reduce((sum, [, a]) => sum + a, 0);
  for (let i = 0; i < length; i++) {
    const t = i / sampleRate;
    let wave = 0;
    for (const [h, a] of HARMONICS) wave += a * Math.cos(2 * Math.PI * frequency * h * t);
    samples[i] = (level * 0.001 ** (i / length) * wave) / norm;
  }
  return samples;
}

/**
 * The generated click as a stem: chunks on the song's frame grid with a click on every beat of
 * the song's tempo map (tempo-map.ts, tempo changes at section markers included), each bar's
 * first beat accented. It is computed, not
 * decoded, so it is always ready; it implements what the scheduler takes from a StemStream, so
 * seeks, loops, jumps and segues keep it sample-exact with the stems.
 */
export class GeneratedClickStream {
  #next = 0;
  #front: Chunk[] = [];
  readonly #end: number;
  readonly #beat: Float32Array;
  readonly #accent: Float32Array;
  aheadFrames = CHUNK_FRAMES;
  readonly error: Error | null = null;
  readonly failedAtFrame: number | null = null;

  constructor(
    private readonly map: TempoMap,
    /** The song's length in frames: the click stops with the song. */
    lengthFrames: number,
    readonly outRate: number = map.sampleRate,
  ) {
    this.#end = Math.max(0, Math.round(lengthFrames));
    this.#beat = clickSamples(outRate, false);
    this.#accent = clickSamples(outRate, true);
  }

  /** A click for this song, or null when it has no usable tempo. */
  static forSong(
    song: { bpm?: number | null; timeSignature?: string; tempoChanges?: readonly TempoChange[]; durationSec: number },
    sampleRate: number,
  ): GeneratedClickStream | null {
    const map = tempoMapOf(song, song.tempoChanges ?? [], sampleRate);
    return map ? new GeneratedClickStream(map, song.durationSec * sampleRate, sampleRate) : null;
  }

  seek(frame: number): void {
    this.#next = Math.max(0, Math.round(frame));
    this.#front = [];
  }

  take(): Chunk | null {
    const kept = this.#front.shift();
    if (kept) return kept;
    if (this.#next >= this.#end) return null;
    // Chunks on the stems' absolute grid (multiples of CHUNK_FRAMES), the first one from the seek point.
    const from = this.#next;
    const to = Math.min(this.#end, (Math.floor(from / CHUNK_FRAMES) + 1) * CHUNK_FRAMES);
    this.#next = to;
    const samples = this.render(from, to);
    const buffer = new AudioBuffer({ length: samples.length, numberOfChannels: 1, sampleRate: this.outRate });
    buffer.copyToChannel(samples, 0);
    return { frame: from, buffer };
  }

  unshift(chunks: Chunk[]): void {
    this.#front.unshift(...chunks);
  }

  get done(): boolean {
    return this.#front.length === 0 && this.#next >= this.#end;
  }

  isBuffered(): boolean {
    return true;
  }

  async whenBuffered(): Promise<void> {}

  poke(): void {}

  close(): void {
    this.#front = [];
  }

  /** Song frames [from, to) of the click: every click that sounds in them, cut at the edges. */
  render(from: number, to: number): Float32Array<ArrayBuffer> {
    const out = new Float32Array(Math.max(0, to - from));
    // From the first beat whose click still sounds at `from`.
    for (const { frame: onset, accent } of beatsBetween(this.map, from - this.#accent.length + 1, to)) {
      const samples = accent ? this.#accent : this.#beat;
      const start = Math.max(onset, from);
      const end = Math.min(onset + samples.length, to);
      if (end > start) out.set(samples.subarray(start - onset, end - onset), start - from);
    }
    return out;
  }
}
