import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import { Random } from './random.ts';
import type { EventRecord } from './store.ts';

export interface WebhookEndpoint {
  url: string;
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
  /** Event types sent to it (`*` or e.g. `customer.subscription.*`); all by default. */
  enabledEvents?: string[];
}

export interface RetryPolicy {
  /** Attempts per event and endpoint, the first included. */
  attempts: number;
  /** Wait before the 2nd, 3rd… attempt (the last value repeats). */
  delaysMs: number[];
}

/**
 * How events travel. `ordered` (the default) sends one attempt at a time per endpoint, in event
 * order. `concurrent` is what Stripe really does: every attempt on its own, after a random delay,
 * so events overlap and arrive out of order; some arrive twice, and some answers are lost on the
 * way, so Stripe retries an event the receiver already handled.
 */
export interface DeliveryPolicy {
  mode: 'ordered' | 'concurrent';
  /** Each attempt waits a random time in [min, max] ms before it is sent. */
  delayMs: [number, number];
  /** Share of events sent a second time, independently (0-1). */
  duplicateRate: number;
  /** Share of attempts whose 2xx answer is lost: counted as failed and retried (0-1). */
  lostAnswerRate: number;
  /** Replays a pattern (default: time-based). */
  seed?: number;
  /** Attempts and backoff for failed attempts (default: the dispatcher's). */
  retry?: RetryPolicy;
}

const ORDERED: DeliveryPolicy = { mode: 'ordered', delayMs: [0, 0], duplicateRate: 0, lostAnswerRate: 0 };

export interface DeliveryRecord {
  eventId: string;
  type: string;
  url: string;
  attempt: number;
  /** The receiver's HTTP status, or null when it could not be reached / timed out. */
  status: number | null;
  ok: boolean;
  error: string | null;
  /** Real time (ms) of the attempt. */
  at: number;
}

interface Lane extends WebhookEndpoint {
  /** Attempts to one endpoint go out one at a time, so first attempts arrive in event order. */
  tail: Promise<unknown>;
}

function subscribed(ep: WebhookEndpoint, type: string): boolean {
  const enabled = ep.enabledEvents ?? ['*'];
  return enabled.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

/**
 * Delivers events to webhook endpoints as Stripe does: a POST of the event as pretty-printed JSON
 * with a `Stripe-Signature: t=…,v1=…` header (HMAC-SHA256 of `${t}.${body}` with the endpoint's
 * secret, computed by the SDK's own generateTestHeaderString), any 2xx counting as received and
 * anything else (other statuses, redirects, timeouts, refused connections) retried with backoff.
 * Delivery never blocks the API call that caused the event; idle() waits for all of it.
 */
export class WebhookDispatcher {
  private readonly lanes: Lane[] = [];
  private held: EventRecord[] | null = null;
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborter = new AbortController();
  private closed = false;
  private readonly log: DeliveryRecord[] = [];
  private policy: DeliveryPolicy = ORDERED;
  private random = new Random();

  constructor(private readonly options: { retry: RetryPolicy; readonly timeoutMs: number }) {
    this.defaultRetry = options.retry;
  }

  private readonly defaultRetry: RetryPolicy;

  /** Changes how events are delivered from now on (see DeliveryPolicy); partial values keep the rest. */
  setPolicy(policy: Partial<DeliveryPolicy>): DeliveryPolicy {
    const next = { ...this.policy, ...policy };
    const [min, max] = next.delayMs;
    if (!['ordered', 'concurrent'].includes(next.mode)) throw new RangeError(`Unknown delivery mode: ${next.mode}`);
    if (!(min >= 0 && max >= min && max <= 600_000)) throw new RangeError('delayMs must be [min, max] with 0 <= min <= max <= 600000.');
    for (const rate of [next.duplicateRate, next.lostAnswerRate]) if (!(rate >= 0 && rate <= 1)) throw new RangeError('Rates are between 0 and 1.');
    if (next.retry && !(next.retry.attempts >= 1 && next.retry.delaysMs.every((d) => d >= 0))) throw new RangeError('retry needs attempts >= 1 and delays >= 0.');
    this.policy = next;
    this.options.retry = next.retry ?? this.defaultRetry;
    this.random = new Random(next.seed);
    return { ...next };
  }

  addEndpoint(endpoint: WebhookEndpoint): void {
    if (!/^https?:\/\//.test(endpoint.url)) throw new TypeError(`Webhook URL must be http(s): ${endpoint.url}`);
    if (!endpoint.secret) throw new TypeError('A webhook endpoint needs a signing secret (whsec_…).');
    this.lanes.push({ ...endpoint, tail: Promise.resolve() });
  }

  endpointCount(type: string): number {
    return this.lanes.filter((l) => subscribed(l, type)).length;
  }

  /** Called for every recorded event. */
  accept(event: EventRecord): void {
    if (this.closed) return;
    if (this.held) this.held.push(event);
    else this.dispatch(event, this.lanes, true);
  }

  /** From now on events are recorded but not sent, until release(). */
  hold(): void {
    this.held ??= [];
  }

  heldEvents(): EventRecord[] {
    return [...(this.held ?? [])];
  }

  /**
   * Stops holding and sends the held events: those named in `order` (event ids or types, e.g.
   * `['customer.subscription.deleted', 'customer.subscription.updated']`) first, in that order,
   * then the rest in the order they happened.
   */
  release(order: readonly string[] = []): void {
    const held = this.held ?? [];
    this.held = null;
    const first: EventRecord[] = [];
    for (const selector of order) {
      const i = held.findIndex((e) => e.id === selector || e.type === selector);
      if (i === -1) throw new Error(`No held event matches '${selector}'.`);
      first.push(...held.splice(i, 1));
    }
    for (const event of [...first, ...held]) this.dispatch(event, this.lanes, true);
  }

  /** Sends an event once more (one attempt, no retries), to every endpoint or the one at `url`. */
  async redeliver(event: EventRecord, url?: string): Promise<DeliveryRecord[]> {
    const lanes = this.lanes.filter((l) => url === undefined || l.url === url);
    if (lanes.length === 0) throw new Error(url ? `No webhook endpoint with URL ${url}.` : 'No webhook endpoints are configured.');
    return Promise.all(lanes.map((lane) => this.enqueue(event, lane, 1, false)));
  }

  deliveries(): DeliveryRecord[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Resolves when no delivery is in flight or waiting for a retry (held events excepted). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops held events and the delivery log (endpoints stay). */
  reset(): void {
    if (this.held) this.held = [];
    this.log.length = 0;
    this.setPolicy(ORDERED);
  }

  close(): void {
    this.closed = true;
    this.aborter.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private dispatch(event: EventRecord, lanes: Lane[], retry: boolean): void {
    for (const lane of lanes) {
      if (!subscribed(lane, event.type)) continue;
      void this.enqueue(event, lane, 1, retry);
      if (this.random.chance(this.policy.duplicateRate)) void this.enqueue(event, lane, 1, retry);
    }
  }

  private enqueue(event: EventRecord, lane: Lane, attempt: number, retry: boolean): Promise<DeliveryRecord> {
    this.pending++;
    if (this.policy.mode === 'concurrent') {
      const [min, max] = this.policy.delayMs;
      const delay = this.random.between(min, max);
      return sleep(delay, undefined, { signal: this.aborter.signal })
        .catch(() => undefined)
        .then(() => this.attempt(event, lane, attempt, retry));
    }
    const result = lane.tail.then(() => this.attempt(event, lane, attempt, retry));
    lane.tail = result.catch(() => undefined);
    return result;
  }

  private async attempt(event: EventRecord, lane: Lane, attempt: number, retry: boolean): Promise<DeliveryRecord> {
    try {
      if (this.closed) return { eventId: event.id, type: event.type, url: lane.url, attempt, status: null, ok: false, error: 'closed', at: Date.now() };
      const record = await this.send(event, lane, attempt);
      if (this.closed) return record;
      const { attempts, delaysMs } = this.options.retry;
      if (!record.ok && retry && attempt < attempts) {
        const delay = delaysMs[Math.min(attempt - 1, delaysMs.length - 1)] ?? 0;
        this.pending++; // the retry is pending while it waits
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.enqueue(event, lane, attempt + 1, retry);
          this.done();
        }, delay);
        this.timers.add(timer);
      } else if (retry) {
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      }
      return record;
    } finally {
      this.done();
    }
  }

  private async send(event: EventRecord, lane: Lane, attempt: number): Promise<DeliveryRecord> {
    const payload = JSON.stringify(event, null, 2);
    // Signed at send time with the real clock: receivers reject signatures older than 5 minutes.
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: lane.secret });
    const record: DeliveryRecord = { eventId: event.id, type: event.type, url: lane.url, attempt, status: null, ok: false, error: null, at: Date.now() };
    try {
      const res = await fetch(lane.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signature,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
        },
        body: payload,
        redirect: 'manual', // Stripe does not follow redirects: a 3xx is a failed delivery
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.status = res.status;
      record.ok = res.status >= 200 && res.status < 300;
      if (!record.ok) record.error = `HTTP ${res.status}`;
      else if (this.random.chance(this.policy.lostAnswerRate)) {
        record.ok = false;
        record.error = 'answer lost (simulated)';
      }
    } catch (err) {
      record.error = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    }
    if (!this.closed) this.log.push(record);
    return record;
  }

  private done(): void {
    if (this.pending > 0) this.pending--;
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
