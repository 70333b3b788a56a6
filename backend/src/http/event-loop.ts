import { createHistogram } from 'node:perf_hooks';

const INTERVAL_MS = 10;

/**
 * How late the event loop runs a timer due every 10 ms: a request waits at least that long when
 * the loop is busy (GC, synchronous work), so its p99 is the floor under the API's tail latency.
 * Measured with a plain interval rather than perf_hooks.monitorEventLoopDelay, which (measured
 * here on Node 24) misses a stall in the I/O and check phases, where request handling runs.
 */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export class EventLoopMonitor {
  /** Lateness in microseconds (the histogram holds integers). */
  private readonly histogram = createHistogram();
  private last = performance.now();
  /** Readers that keep their own totals (the Prometheus histogram), fed every sample in ms. */
  private readonly listeners = new Set<(ms: number) => void>();

  constructor() {
    setInterval(() => {
      const now = performance.now();
      const lateUs = Math.max(1, Math.round((now - this.last - INTERVAL_MS) * 1000));
      this.histogram.record(lateUs);
      for (const listener of this.listeners) listener(lateUs / 1000);
      this.last = now;
    }, INTERVAL_MS).unref();
  }

  /** Calls `listener` with each sample's lateness in ms; returns the unsubscribe function. */
  onSample(listener: (ms: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The delays since the previous call, then starts a new window. */
  take(): EventLoopDelay {
    const h = this.histogram;
    const ms = (us: number) => Math.round(us / 100) / 10;
    const delay = h.count === 0 ? { p50Ms: 0, p99Ms: 0, maxMs: 0 } : { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
    h.reset();
    return delay;
  }
}

/** One per process: the loop is shared by every app instance in it. */
let shared: EventLoopMonitor | undefined;
export const eventLoopMonitor = (): EventLoopMonitor => (shared ??= new EventLoopMonitor());
