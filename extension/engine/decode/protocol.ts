/** Messages between the offscreen document (StemStream) and the decode worker. */

/** Test-only decoder faults (see test-hooks.ts); all off by default. */
export interface DecodeFaults {
  /** Added to every decoded chunk: sleeping, or keeping the worker thread busy like a slow CPU. */
  delayMs: number;
  delayMode: 'sleep' | 'busy';
  /** Stems whose codec or Blob MIME type equals `match` fail when decoding reaches output frame `atFrame`. */
  failure: { match: string; atFrame: number } | null;
}

export const NO_FAULTS: DecodeFaults = { delayMs: 0, delayMode: 'sleep', failure: null };

export type ToWorker =
  | { type: 'open'; id: number; blob: Blob; outRate: number }
  /** Starts generation `generation` at `frame`, with the credit below. */
  | { type: 'seek'; id: number; generation: number; frame: number; consumed: number; ahead: number; current: boolean }
  /**
   * Flow control: decode while the frontier is below `consumed + ahead` (absolute output frames).
   * `current`: the stem belongs to the song being played (not one prepared beside it).
   */
  | { type: 'credit'; id: number; generation: number; consumed: number; ahead: number; current: boolean }
  | { type: 'close'; id: number }
  /** Chunk planes the offscreen document has copied, for the worker to fill again (plane-pool.ts). */
  | { type: 'recycle'; buffers: ArrayBuffer[] }
  | { type: 'faults'; faults: DecodeFaults };

/** Cost so far of one stem, all generations: time in decode, trim and resample; frames produced. */
export interface DecodeCost {
  decodeMs: number;
  decodedFrames: number;
}

export type FromWorker =
  | { type: 'opened'; id: number; inRate: number; channels: number; codec: string }
  | { type: 'open-failed'; id: number; message: string }
  | ({ type: 'chunk'; id: number; generation: number; frame: number; planes: Float32Array[] } & DecodeCost)
  | ({ type: 'end'; id: number; generation: number } & DecodeCost)
  /** Decoding stopped at output frame `atFrame` (everything before it was sent). */
  | ({ type: 'failed'; id: number; generation: number; atFrame: number; message: string } & DecodeCost);
