import { NO_FAULTS, type DecodeFaults, type FromWorker, type ToWorker } from './protocol';

/** What a stream receives from the worker (StemStream implements it). */
export interface StreamPort {
  receive(message: FromWorker): void;
  /** The worker died: the stream can decode no more. */
  lost(error: Error): void;
}

export interface OpenedStem {
  id: number;
  inRate: number;
  channels: number;
  codec: string;
}

/**
 * The offscreen document's side of the decode worker. One worker for every stem of the engine:
 * decoding runs at >100x real time per core, so even 16 stems plus the next song's pre-roll
 * need a fraction of one core, and on a 2-core stage laptop the other core stays free for the
 * audio thread and this document. Started on first use; a new one if the last one died.
 */
class DecodeClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly ports = new Map<number, StreamPort>();
  private readonly opening = new Map<number, { resolve(s: OpenedStem): void; reject(e: Error): void }>();
  private faults: DecodeFaults = NO_FAULTS;

  open(blob: Blob, outRate: number): Promise<OpenedStem> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.opening.set(id, { resolve, reject });
      this.post({ type: 'open', id, blob, outRate });
    });
  }

  attach(id: number, port: StreamPort): void {
    this.ports.set(id, port);
  }

  detach(id: number): void {
    if (this.ports.delete(id)) this.post({ type: 'close', id });
  }

  post(message: ToWorker): void {
    this.started().postMessage(message);
  }

  /** Test-only faults (test-hooks.ts); kept here so a re-started worker gets them too. */
  setFaults(faults: DecodeFaults): void {
    this.faults = faults;
    this.post({ type: 'faults', faults });
  }

  get currentFaults(): DecodeFaults {
    return this.faults;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'stem-decoder' });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    // The worker catches every decode error itself: an error event means it failed to load or broke.
    worker.addEventListener('error', (event) => this.lose(new Error(`The decode worker stopped: ${event.message || 'it failed to load'}`)));
    worker.postMessage({ type: 'faults', faults: this.faults } satisfies ToWorker);
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.type === 'opened' || message.type === 'open-failed') {
      const pending = this.opening.get(message.id);
      this.opening.delete(message.id);
      if (message.type === 'opened') pending?.resolve(message);
      else pending?.reject(new Error(message.message));
      return;
    }
    this.ports.get(message.id)?.receive(message);
    // The stream copied the planes into an AudioBuffer (or dropped a stale chunk): hand them back.
    if (message.type === 'chunk') {
      const buffers = message.planes.map((p) => p.buffer as ArrayBuffer);
      this.worker?.postMessage({ type: 'recycle', buffers } satisfies ToWorker, buffers);
    }
  }

  private lose(error: Error): void {
    this.worker?.terminate();
    this.worker = null;
    for (const { reject } of this.opening.values()) reject(error);
    this.opening.clear();
    for (const port of this.ports.values()) port.lost(error);
    this.ports.clear();
  }
}

export const decodeClient = new DecodeClient();
