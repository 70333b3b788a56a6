import Router from '@koa/router';
import type { Context } from 'koa';
import type { Catalog } from './catalog.ts';
import type { CallRecord, HangOptions, Latency } from './faults.ts';
import type { DisputeRecord } from './resources/charges.ts';
import type { SubscriptionStatus, SubscriptionWire } from './resources/subscriptions.ts';
import type { EventRecord } from './store.ts';
import type { DeliveryPolicy, DeliveryRecord, WebhookEndpoint } from './webhooks.ts';

/**
 * Test controls, the same in-process (createFakeStripe) and from another process over HTTP
 * (connectFakeStripe → `/_control/*`). All are async so both can share one interface.
 */
export interface FakeStripeControls {
  /** Product "StageTracker Pro Premium" with prices premium_monthly (4.99 EUR) and premium_yearly (49 EUR). */
  seedCatalog(): Promise<Catalog>;
  /** Forces a status; sends customer.subscription.updated (or .deleted for `canceled`). */
  setSubscriptionStatus(subscriptionId: string, status: SubscriptionStatus): Promise<SubscriptionWire>;
  /** Moves the fake clock forward; renewals and period-end cancellations happen on the way. Returns the new time (unix s). */
  advanceTime(seconds: number): Promise<number>;
  /** Moves the fake clock forward to a unix time (seconds). */
  setTime(unixSeconds: number): Promise<number>;
  /** The fake clock (unix seconds). */
  now(): Promise<number>;
  /** Records and sends an arbitrary event; `object` may be an id (`sub_…`) to send its current state. */
  triggerEvent(type: string, object: object | string, previousAttributes?: Record<string, unknown>): Promise<EventRecord>;
  /** Sends an existing event again (one attempt), to all endpoints or the one at `url`. */
  redeliver(eventId: string, url?: string): Promise<DeliveryRecord[]>;
  /** Keep events from being sent until releaseWebhooks(). */
  holdWebhooks(): Promise<void>;
  heldEvents(): Promise<EventRecord[]>;
  /** Send held events: those matching `order` (ids or types) first, in that order, then the rest. */
  releaseWebhooks(order?: string[]): Promise<void>;
  addWebhookEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): Promise<DeliveryRecord[]>;
  /** Every event so far, oldest first. */
  events(): Promise<EventRecord[]>;
  /** The next `count` API calls (matching `match`, e.g. 'POST /v1/customers') answer `status` and do nothing. */
  failNext(count: number, status?: number, match?: string): Promise<void>;
  /** The next API call(s) wait `ms` before answering, so the SDK's timeout fires. */
  hang(ms: number, options?: HangOptions): Promise<void>;
  /** Every API call takes minMs-maxMs (split before and after it takes effect) until clearFaults(). */
  setLatency(latency: Latency): Promise<void>;
  /** Stripe stops answering: every API call waits, taking no effect, until clearFaults() or the client gives up. */
  hangAll(): Promise<void>;
  /** Removes armed faults, latency and hangAll. */
  clearFaults(): Promise<void>;
  /** How webhooks travel from now on: in order (default) or as Stripe does (concurrent, delayed, duplicated, answers lost). */
  setDelivery(policy: Partial<DeliveryPolicy>): Promise<DeliveryPolicy>;
  /** The cardholder disputes a charge (`charge.dispute.created`). */
  openDispute(chargeId: string, reason?: string): Promise<DisputeRecord>;
  /** The bank decides a dispute (`charge.dispute.closed`). */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<DisputeRecord>;
  /** API calls by `METHOD /path`, e.g. { 'GET /v1/subscriptions/sub_1': 2 }. */
  calls(): Promise<Record<string, number>>;
  callLog(): Promise<CallRecord[]>;
  resetCalls(): Promise<void>;
  /** Does what the Pay button does (without following the redirect). */
  pay(checkoutSessionId: string, details?: { email?: string }): Promise<{ redirectUrl: string | null }>;
  /** Resolves once no webhook delivery is in flight or waiting for a retry. */
  idle(): Promise<void>;
  /** Forgets all objects, events, idempotency keys, faults and calls (keeps endpoints and keys). */
  reset(): Promise<void>;
}

async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** `/_control/*`: the controls over HTTP, JSON in and out, for tests in other processes. */
export function controlRoutes(c: FakeStripeControls): Router {
  const r = new Router({ prefix: '/_control' });
  r.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = 400;
      ctx.body = { error: (err as Error).message };
    }
  });
  const post = (path: string, fn: (body: Record<string, unknown>, ctx: Context) => Promise<unknown>) =>
    r.post(path, async (ctx) => {
      ctx.body = (await fn(await readJson(ctx), ctx)) ?? { ok: true };
    });
  const get = (path: string, fn: (ctx: Context) => Promise<unknown>) =>
    r.get(path, async (ctx) => {
      ctx.body = await fn(ctx);
    });
  const param = (ctx: Context, name: string) => (ctx as Context & { params: Record<string, string> }).params[name]!;

  get('/health', async () => ({ ok: true }));
  post('/seed-catalog', () => c.seedCatalog());
  post('/subscriptions/:id/status', (b, ctx) => c.setSubscriptionStatus(param(ctx, 'id'), b.status as SubscriptionStatus));
  get('/clock', async () => ({ now: await c.now() }));
  post('/clock/advance', async (b) => ({ now: await c.advanceTime(Number(b.seconds)) }));
  post('/clock/set', async (b) => ({ now: await c.setTime(Number(b.time)) }));
  get('/events', () => c.events());
  post('/events', (b) => c.triggerEvent(String(b.type), b.object as object | string, b.previous_attributes as Record<string, unknown> | undefined));
  post('/events/:id/redeliver', (b, ctx) => c.redeliver(param(ctx, 'id'), b.url as string | undefined));
  post('/webhooks/hold', () => c.holdWebhooks());
  get('/webhooks/held', () => c.heldEvents());
  post('/webhooks/release', (b) => c.releaseWebhooks(b.order as string[] | undefined));
  post('/webhooks/endpoints', (b) => c.addWebhookEndpoint(b as unknown as WebhookEndpoint));
  get('/webhooks/deliveries', () => c.deliveries());
  post('/faults/fail-next', (b) => c.failNext(Number(b.count ?? 1), b.status === undefined ? undefined : Number(b.status), b.match as string | undefined));
  post('/faults/hang', (b) => c.hang(Number(b.ms), b as HangOptions));
  post('/faults/clear', () => c.clearFaults());
  post('/faults/latency', (b) => c.setLatency(b as unknown as Latency));
  post('/faults/hang-all', () => c.hangAll());
  post('/webhooks/delivery', (b) => c.setDelivery(b as Partial<DeliveryPolicy>));
  post('/charges/:id/dispute', (b, ctx) => c.openDispute(param(ctx, 'id'), b.reason as string | undefined));
  post('/disputes/:id/close', (b, ctx) => c.closeDispute(param(ctx, 'id'), b.outcome as 'won' | 'lost'));
  get('/calls', () => c.calls());
  get('/calls/log', () => c.callLog());
  r.delete('/calls', async (ctx) => {
    await c.resetCalls();
    ctx.body = { ok: true };
  });
  post('/checkout/:id/pay', (b, ctx) => c.pay(param(ctx, 'id'), b as { email?: string }));
  post('/idle', () => c.idle());
  post('/reset', () => c.reset());
  return r;
}

/** The controls of a fake Stripe running in another process (e.g. started with main.ts). */
export function connectFakeStripe(url: string): FakeStripeControls {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url.replace(/\/$/, '')}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`fake Stripe ${path}: ${data.error ?? res.status}`);
    return data;
  };
  const ok = async (p: Promise<unknown>) => {
    await p;
  };
  return {
    seedCatalog: () => call('POST', '/seed-catalog', {}),
    setSubscriptionStatus: (id, status) => call('POST', `/subscriptions/${encodeURIComponent(id)}/status`, { status }),
    advanceTime: async (seconds) => (await call<{ now: number }>('POST', '/clock/advance', { seconds })).now,
    setTime: async (time) => (await call<{ now: number }>('POST', '/clock/set', { time })).now,
    now: async () => (await call<{ now: number }>('GET', '/clock')).now,
    triggerEvent: (type, object, previous_attributes) => call('POST', '/events', { type, object, previous_attributes }),
    redeliver: (id, u) => call('POST', `/events/${encodeURIComponent(id)}/redeliver`, { url: u }),
    holdWebhooks: () => ok(call('POST', '/webhooks/hold', {})),
    heldEvents: () => call('GET', '/webhooks/held'),
    releaseWebhooks: (order) => ok(call('POST', '/webhooks/release', { order })),
    addWebhookEndpoint: (endpoint) => ok(call('POST', '/webhooks/endpoints', endpoint)),
    deliveries: () => call('GET', '/webhooks/deliveries'),
    events: () => call('GET', '/events'),
    failNext: (count, status, match) => ok(call('POST', '/faults/fail-next', { count, status, match })),
    hang: (ms, options) => ok(call('POST', '/faults/hang', { ms, ...options })),
    clearFaults: () => ok(call('POST', '/faults/clear', {})),
    setLatency: (latency) => ok(call('POST', '/faults/latency', latency)),
    hangAll: () => ok(call('POST', '/faults/hang-all', {})),
    setDelivery: (policy) => call('POST', '/webhooks/delivery', policy),
    openDispute: (id, reason) => call('POST', `/charges/${encodeURIComponent(id)}/dispute`, { reason }),
    closeDispute: (id, outcome) => call('POST', `/disputes/${encodeURIComponent(id)}/close`, { outcome }),
    calls: () => call('GET', '/calls'),
    callLog: () => call('GET', '/calls/log'),
    resetCalls: () => ok(call('DELETE', '/calls')),
    pay: (id, details) => call('POST', `/checkout/${encodeURIComponent(id)}/pay`, details ?? {}),
    idle: () => ok(call('POST', '/idle', {})),
    reset: () => ok(call('POST', '/reset', {})),
  };
}
