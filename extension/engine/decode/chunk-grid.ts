/** Frames per chunk at the context rate: ~0.7 s at 44.1/48 kHz; every stem uses the same grid. */
export const CHUNK_FRAMES = 32_768;

/** Planes (one per channel) of one chunk; `frame` is its first absolute output frame. */
export interface GridChunk {
  frame: number;
  planes: Float32Array[];
}

/**
 * Cuts a continuous stream of planes into CHUNK_FRAMES chunks on an absolute frame grid.
 * Each chunk owns one ArrayBuffer per channel (from `allocate`, the worker's plane pool), so it
 * can be transferred to another thread without detaching anything still in use. Input past
 * `stopAt` is dropped (`stopped`).
 */
export class ChunkGrid {
  private planes: Float32Array[] | null = null;
  private frames = 0;
  stopped = false;

  constructor(
    private readonly channels: number,
    private nextFrame: number,
    private readonly stopAt = Infinity,
    private readonly allocate = () => new Float32Array(CHUNK_FRAMES),
  ) {
    this.stopped = nextFrame >= stopAt;
  }

  /** The frame after the last one pushed. */
  get frontier(): number {
    return this.nextFrame + this.frames;
  }

  push(input: Float32Array[]): GridChunk[] {
    const out: GridChunk[] = [];
    const length = Math.min(input[0]?.length ?? 0, Math.max(0, this.stopAt - this.frontier));
    if (this.frontier + (input[0]?.length ?? 0) >= this.stopAt) this.stopped = true;
    let offset = 0;
    while (offset < length) {
      const planes = (this.planes ??= Array.from({ length: this.channels }, this.allocate));
      const take = Math.min(CHUNK_FRAMES - this.frames, length - offset);
      for (let c = 0; c < this.channels; c++) planes[c]!.set((input[c] ?? input[0]!).subarray(offset, offset + take), this.frames);
      this.frames += take;
      offset += take;
      if (this.frames === CHUNK_FRAMES) out.push(this.cut());
    }
    return out;
  }

  /** What is left, as a shorter chunk (the stem's end, or where decoding stopped). */
  finish(): GridChunk | null {
    return this.frames > 0 ? this.cut() : null;
  }

  private cut(): GridChunk {
    const chunk = { frame: this.nextFrame, planes: this.planes!.map((p) => (this.frames === CHUNK_FRAMES ? p : p.subarray(0, this.frames))) };
    this.nextFrame += this.frames;
    this.planes = null;
    this.frames = 0;
    return chunk;
  }
}
