import type { GridChunk } from './chunk-grid';
import type { DecodeFaults, FromWorker } from './protocol';
import type { StemSource } from './stem-source';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** A current song's stem with less than this decoded ahead is short: it is served before any other. */
export const SHORT_SEC = 1.5;

/**
 * One stem's decoding inside the worker. Messages only change its state; `step()` (called by
 * the worker's job loop, one stem at a time) does the work: one chunk per step.
 */
export class WorkerStem {
  private generation = -1;
  private from = 0;
  /** Flow control: decode while `frontier < consumed + ahead`. */
  private consumed = 0;
  private ahead = 0;
  private frontier = 0;
  /** The current generation ended or failed: nothing to do until the next seek. */
  private finished = true;
  private run: AsyncGenerator<GridChunk, void, undefined> | null = null;
  private runGeneration = -1;
  private closed = false;
  private decodeMs = 0;
  private decodedFrames = 0;
  /** Of the song being played; a prepared song's stems wait while a current one is short. */
  private current = false;
  /** Job order among stems with the same lead. */
  lastServed = 0;

  constructor(
    readonly id: number,
    private readonly source: StemSource,
    private readonly outRate: number,
    private readonly post: Post,
    private readonly faults: () => DecodeFaults,
  ) {}

  seek(generation: number, frame: number, consumed: number, ahead: number, current: boolean): void {
    this.generation = generation;
    this.from = this.frontier = frame;
    this.consumed = consumed;
    this.ahead = ahead;
    this.current = current;
    this.finished = false;
  }

  credit(generation: number, consumed: number, ahead: number, current: boolean): void {
    if (generation !== this.generation) return;
    this.consumed = consumed;
    this.ahead = ahead;
    this.current = current;
  }

  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Something to do: a chunk within the credit, or a stale run or the file to close. */
  get wants(): boolean {
    if (this.closed || (this.run && this.runGeneration !== this.generation)) return true;
    return !this.finished && this.frontier < this.consumed + this.ahead;
  }

  /** Frames decoded ahead of the play head: the stem with the fewest is served first. */
  get lead(): number {
    return this.closed ? -Infinity : this.frontier - this.consumed;
  }

  /** Closing, or of the song being played with less than SHORT_SEC decoded ahead: served before the rest. */
  get short(): boolean {
    return this.closed || (this.current && this.lead < SHORT_SEC * this.outRate);
  }

  async step(): Promise<void> {
    if (this.run && (this.closed || this.runGeneration !== this.generation)) {
      const stale = this.run;
      this.run = null;
      await stale.return(undefined).catch(() => {}); // closes its decoder; a seek made it moot
    }
    if (this.closed) {
      this.source.dispose();
      return;
    }
    if (!this.wants) return;
    const generation = this.generation;
    this.run ??= this.source.chunks(this.from, this.outRate, this.failAt());
    this.runGeneration = generation;
    const started = performance.now();
    try {
      const next = await this.run.next();
      // The injected delay stands for a slow decoder, so it counts as decode time.
      await slowDown(this.faults());
      this.decodeMs += performance.now() - started;
      if (next.done) this.run = null;
      if (!next.done) this.decodedFrames += next.value.planes[0]!.length;
      if (generation !== this.generation || this.closed) return; // stale: the next step closes it
      if (next.done) {
        this.finished = true;
        this.post({ type: 'end', id: this.id, generation, ...this.cost() });
        return;
      }
      const { frame, planes } = next.value;
      this.frontier = frame + planes[0]!.length;
      this.post({ type: 'chunk', id: this.id, generation, frame, planes, ...this.cost() }, planes.map((p) => p.buffer));
    } catch (error) {
      this.decodeMs += performance.now() - started;
      this.run = null;
      if (generation !== this.generation || this.closed) return;
      this.finished = true;
      this.post({ type: 'failed', id: this.id, generation, atFrame: this.frontier, message: describe(error), ...this.cost() });
    }
  }

  private cost() {
    return { decodeMs: this.decodeMs, decodedFrames: this.decodedFrames };
  }

  private failAt(): number {
    const failure = this.faults().failure;
    const matches = failure && (failure.match === this.source.codec || failure.match === this.source.mimeType);
    return matches ? failure.atFrame : Infinity;
  }
}

async function slowDown({ delayMs, delayMode }: DecodeFaults): Promise<void> {
  if (delayMs <= 0) return;
  if (delayMode === 'sleep') return new Promise((resolve) => setTimeout(resolve, delayMs));
  const until = performance.now() + delayMs;
  while (performance.now() < until); // a CPU-bound decoder holds its thread
}

/** "EncodingError: Decoding error." reads better than a bare message; a plain Error keeps its message. */
export function describe(error: unknown): string {
  if (!(error instanceof Error) && !(error instanceof DOMException)) return String(error);
  return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
