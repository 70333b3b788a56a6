import { CHUNK_FRAMES, type Chunk, type StemStream } from './stream';

/** Start this far ahead so every stem's first start() reaches the audio thread before the frame plays. */
const START_LEAD_SEC = 0.02;
/** Chunks are handed to Web Audio this far ahead of the play head (covers timer throttling). */
const SCHEDULE_AHEAD_SEC = 2;
const PUMP_MS = 100;

export interface Stem {
  id: string;
  stream: StemStream;
  output: AudioNode;
}

interface Scheduled {
  chunk: Chunk;
  node: AudioBufferSourceNode;
  /** Context time at which the chunk's last frame has played. */
  endsAt: number;
}

/**
 * Plays one song's stems on the AudioContext clock. Every chunk of every stem starts at
 * `startedAt + (chunk.frame - cursor) / sampleRate`: one shared origin and one frame grid,
 * so stems start on the same sample frame and stay there through seek, pause and long play.
 */
export class Scheduler {
  private readonly sampleRate: number;
  private playing = false;
  /** Absolute frame playing at context time `startedAt` (or the paused position). */
  private cursor = 0;
  private startedAt = 0;
  private readonly scheduled = new Map<string, Scheduled[]>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly context: AudioContext,
    private readonly stems: readonly Stem[],
    private readonly onEnded: () => void,
  ) {
    this.sampleRate = context.sampleRate;
    for (const stem of stems) this.scheduled.set(stem.id, []);
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** The play head, in frames. */
  get positionFrames(): number {
    if (!this.playing) return this.cursor;
    const elapsed = Math.max(0, this.context.currentTime - this.startedAt);
    return this.cursor + Math.round(elapsed * this.sampleRate);
  }

  /** Starts every stem at one shared frame; synchronous, so it is as fast as the decoded data allows. */
  play(): void {
    if (this.playing) return;
    const sr = this.sampleRate;
    // An integer frame, so chunks land on frames and Web Audio does not interpolate.
    this.startedAt = Math.ceil((this.context.currentTime + START_LEAD_SEC) * sr) / sr;
    this.playing = true;
    // Only each stem's first chunk now (all start on the same frame); the rest on the next pump.
    const now = this.context.currentTime;
    for (const stem of this.stems) {
      const chunk = stem.stream.take();
      const started = chunk && this.start(stem, chunk, now);
      if (started) this.scheduled.get(stem.id)!.push(started);
    }
    setTimeout(() => this.pump(), 0);
    this.timer = setInterval(() => this.pump(), PUMP_MS);
  }

  /** Stops the sources and keeps the decoded chunks from the play head on, so resuming is instant. */
  pause(): void {
    if (!this.playing) return;
    const position = this.positionFrames;
    this.halt();
    for (const stem of this.stems) {
      const keep = this.scheduled
        .get(stem.id)!
        .map((s) => s.chunk)
        .filter((chunk) => chunk.frame + length(chunk) > position);
      stem.stream.unshift(keep);
      this.scheduled.set(stem.id, []);
    }
    this.cursor = position;
  }

  /** Moves the play head; stems decode from there in parallel and a playing song resumes together. */
  async seek(frame: number): Promise<void> {
    const wasPlaying = this.playing;
    this.halt();
    for (const list of this.scheduled.values()) list.length = 0;
    this.cursor = Math.max(0, Math.round(frame));
    for (const stem of this.stems) stem.stream.seek(this.cursor);
    await this.whenReady();
    if (wasPlaying) this.play();
  }

  /** Resolves once every stem has its first chunk from the play head decoded. */
  whenReady(): Promise<void> {
    return Promise.all(this.stems.map((s) => s.stream.whenBuffered(CHUNK_FRAMES))).then(() => {});
  }

  /** Silences at once: sources stop on the next render quantum. */
  halt(): void {
    if (this.playing) this.cursor = this.positionFrames;
    this.playing = false;
    clearInterval(this.timer);
    for (const list of this.scheduled.values()) {
      for (const { node } of list) {
        node.onended = null;
        node.stop();
        node.disconnect();
      }
    }
  }

  private pump(): void {
    if (!this.playing) return;
    const now = this.context.currentTime;
    let anyLeft = false;
    for (const stem of this.stems) {
      const list = this.scheduled.get(stem.id)!;
      while (list.length && list[0]!.endsAt < now - 0.1) list.shift();
      let last = list.at(-1);
      while (!last || last.endsAt - SCHEDULE_AHEAD_SEC < now) {
        const chunk = stem.stream.take();
        if (!chunk) break;
        last = this.start(stem, chunk, now);
        if (last) list.push(last);
      }
      if (list.length || !stem.stream.done) anyLeft = true;
    }
    if (!anyLeft) {
      this.halt();
      this.onEnded();
    }
  }

  private start(stem: Stem, chunk: Chunk, now: number): Scheduled | undefined {
    const sr = this.sampleRate;
    const frames = length(chunk);
    let at = this.startedAt + (chunk.frame - this.cursor) / sr;
    let offset = 0;
    // Before the origin (resuming mid-chunk), or late (decode fell behind): start part-way
    // through the chunk at the time its frames are due, so the stem stays aligned.
    const earliest = Math.max(this.startedAt, now + 0.005);
    if (at < earliest) {
      offset = (earliest - at);
      at = earliest;
    }
    if (offset * sr >= frames) return undefined;
    const node = new AudioBufferSourceNode(this.context, { buffer: chunk.buffer });
    node.connect(stem.output);
    node.start(at, offset);
    return { chunk, node, endsAt: at + (frames / sr - offset) };
  }
}

function length(chunk: Chunk): number {
  return chunk.buffer.length;
}
