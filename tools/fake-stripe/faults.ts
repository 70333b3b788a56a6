import { Random } from './random.ts';

/**
 * Failure injection for API calls. `match` limits a fault to calls whose `METHOD /path` starts
 * with it (e.g. 'POST /v1/checkout/sessions'); faults are used up in the order they were added.
 */
export type Fault =
  | { kind: 'fail'; status: number }
  /** Hold the answer `ms`; `processed`: the call takes effect before the hold (the client only
   * misses the answer), otherwise after it, and not at all if the client gave up meanwhile. */
  | { kind: 'hang'; ms: number; processed: boolean };

interface Armed {
  fault: Fault;
  remaining: number;
  match: string | undefined;
}

export interface HangOptions {
  count?: number;
  match?: string;
  processed?: boolean;
}

/** Every API call takes a random time in [minMs, maxMs], split at random before and after it takes effect. */
export interface Latency {
  minMs: number;
  maxMs: number;
  /** Replays the same pattern (default: time-based). */
  seed?: number;
}

export class Faults {
  private armed: Armed[] = [];
  private latencyRange: { minMs: number; maxMs: number } = { minMs: 0, maxMs: 0 };
  private random = new Random();
  private hangRelease: { promise: Promise<void>; resolve: () => void } | null = null;

  /** Real Stripe answers in 100-500 ms; 0 (the default) answers at once. */
  setLatency(latency: Latency): void {
    const { minMs, maxMs } = latency;
    if (!Number.isFinite(minMs) || !Number.isFinite(maxMs) || minMs < 0 || maxMs < minMs || maxMs > 60_000) throw new RangeError('setLatency needs 0 <= minMs <= maxMs <= 60000.');
    this.latencyRange = { minMs, maxMs };
    this.random = new Random(latency.seed);
  }

  /** How long this call waits before it takes effect and after (its answer travelling back). */
  latency(): { beforeMs: number; afterMs: number } {
    const { minMs, maxMs } = this.latencyRange;
    if (maxMs === 0) return { beforeMs: 0, afterMs: 0 };
    const total = this.random.between(minMs, maxMs);
    const beforeMs = Math.round(total * this.random.next());
    return { beforeMs, afterMs: total - beforeMs };
  }

  /** Stripe stops answering: every API call waits (taking no effect) until clear() or the client gives up. */
  hangAll(): void {
    if (this.hangRelease) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.hangRelease = { promise, resolve };
  }

  /** While hangAll() is on: resolves when it is cleared. */
  get hanging(): Promise<void> | null {
    return this.hangRelease?.promise ?? null;
  }

  failNext(count: number, status = 500, match?: string): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('failNext needs a positive count.');
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError('failNext needs an HTTP error status (400-599).');
    this.armed.push({ fault: { kind: 'fail', status }, remaining: count, match });
  }

  hang(ms: number, options: HangOptions = {}): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('hang needs a duration in ms.');
    this.armed.push({ fault: { kind: 'hang', ms, processed: options.processed ?? false }, remaining: options.count ?? 1, match: options.match });
  }

  /** The fault for this call, if one is armed for it (using it up). */
  take(method: string, path: string): Fault | null {
    const call = `${method} ${path}`;
    const i = this.armed.findIndex((a) => a.match === undefined || call.startsWith(a.match));
    if (i === -1) return null;
    const a = this.armed[i]!;
    if (--a.remaining <= 0) this.armed.splice(i, 1);
    return a.fault;
  }

  /** Removes armed faults, latency and a hang (hung calls then proceed). */
  clear(): void {
    this.armed = [];
    this.latencyRange = { minMs: 0, maxMs: 0 };
    this.hangRelease?.resolve();
    this.hangRelease = null;
  }
}

export interface CallRecord {
  method: string;
  path: string;
  /** The query string (GET/DELETE params), e.g. `customer=cus_123&status=all`. */
  query: string;
  /** The answer's status; null while unanswered or when the client gave up. */
  status: number | null;
  at: number;
}

/** Every `/v1` call received, so tests can count Stripe calls (e.g. per subscriber). */
export class CallLog {
  private records: CallRecord[] = [];

  add(record: CallRecord): CallRecord {
    this.records.push(record);
    return record;
  }

  list(): CallRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  /** Counts keyed `METHOD /path` (ids included, query excluded), e.g. `GET /v1/subscriptions/sub_1`. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records) out[`${r.method} ${r.path}`] = (out[`${r.method} ${r.path}`] ?? 0) + 1;
    return out;
  }

  reset(): void {
    this.records = [];
  }
}
