import type { MikroORM } from '@mikro-orm/postgresql';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { poolStats } from '../../db/pool-guard.ts';
import { eventLoopMonitor } from '../../http/event-loop.ts';
import type { StripeDataCache } from '../cache/service.ts';
import type { MemoryCache } from '../cache/memory.ts';
import type { StripeClient } from '../stripe/client.ts';

interface MetricsSources {
  orm: MikroORM;
  cache: StripeDataCache;
  hot: MemoryCache<unknown>;
  stripe: StripeClient | undefined;
}

/** What the webhook route did with a delivery (the `outcome` label). */
export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored' | 'in_progress' | 'failed' | 'rejected' | 'invalid';

export interface Metrics {
  /** One answered request: `route` is the router's pattern (`/api/devices/:id`), never the raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  webhook(outcome: WebhookOutcome, type: string): void;
  /** Prometheus text exposition of this instance plus the process-wide figures. */
  text(): Promise<string>;
  readonly contentType: string;
  /** The older JSON figures (benchmarks read the event-loop window from here). */
  summary(): Record<string, unknown>;
}

const PREFIX = 'stagetracker_';

/**
 * Process-wide figures (Node's defaults, and the event-loop lateness sampled every 10 ms by the
 * monitor /api/metrics/json also reads): one set per process, however many app instances it runs.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (processRegistry) return processRegistry;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const lateness = new Histogram({
    name: `${PREFIX}event_loop_delay_seconds`,
    help: 'How late a timer due every 10 ms ran (catches stalls in the I/O phase that nodejs_eventloop_lag misses).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  eventLoopMonitor().onSample((ms) => lateness.observe(ms / 1000));
  return (processRegistry = registry);
}

/** Sets a counter to totals kept elsewhere (the Stripe client's and the caches' own counts). */
function setTotals<L extends string>(counter: Counter<L>, rows: Array<[Partial<Record<L, string>>, number]>) {
  counter.reset();
  for (const [labels, value] of rows) counter.inc(labels, value);
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const eventLoop = eventLoopMonitor();
  processMetrics();

  const requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const latency = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time from receiving a request to its answer, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const webhooks = new Counter({
    name: `${PREFIX}webhook_events_total`,
    help: 'Stripe webhook deliveries by outcome and event type (types outside the handled list count as "other").',
    labelNames: ['outcome', 'type'] as const,
    registers,
  });

  new Gauge({
    name: `${PREFIX}db_pool_connections`,
    help: 'Database pool connections by state (in_use: checked out by a query or transaction).',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const pool = await poolStats(sources.orm);
      this.set({ state: 'in_use' }, pool.inUse);
      this.set({ state: 'idle' }, pool.idle);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_waiting_requests`,
    help: 'Queries waiting for a free pool connection.',
    registers,
    async collect() {
      this.set((await poolStats(sources.orm)).waiting);
    },
  });
  new Gauge({
    name: `${PREFIX}db_pool_max_connections`,
    help: 'The pool size (DB_POOL_MAX).',
    registers,
    async collect() {
      this.set((await poolStats(sources.orm)).max);
    },
  });

  const stripe = sources.stripe;
  new Counter({
    name: `${PREFIX}stripe_requests_total`,
    help: 'Requests sent to Stripe by this instance (not those the open circuit breaker skipped).',
    registers,
    collect() {
      setTotals(this, [[{}, stripe?.calls() ?? 0]]);
    },
  });
  new Counter({
    name: `${PREFIX}stripe_errors_total`,
    help: 'Stripe requests that failed, by kind (timeout, network, rate_limited 429, client 4xx, server 5xx).',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const e = stripe?.errors() ?? { timeout: 0, network: 0, rateLimited: 0, client: 0, server: 0 };
      setTotals(this, [
        [{ kind: 'timeout' }, e.timeout],
        [{ kind: 'network' }, e.network],
        [{ kind: 'rate_limited' }, e.rateLimited],
        [{ kind: 'client' }, e.client],
        [{ kind: 'server' }, e.server],
      ]);
    },
  });
  new Gauge({
    name: `${PREFIX}stripe_circuit_state`,
    help: 'The Stripe circuit breaker: 1 for its current state (closed, open: calls skipped, half_open: one trial call).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      if (!stripe) return;
      const { state } = stripe.breaker.snapshot();
      for (const s of ['closed', 'open', 'half-open'] as const) this.set({ state: s.replace('-', '_') }, state === s ? 1 : 0);
    },
  });
  new Counter({
    name: `${PREFIX}stripe_circuit_opened_total`,
    help: 'Times the Stripe circuit breaker opened.',
    registers,
    collect() {
      setTotals(this, [[{}, stripe?.breaker.snapshot().opened ?? 0]]);
    },
  });
  new Counter({
    name: `${PREFIX}stripe_short_circuited_total`,
    help: 'Stripe calls skipped while the circuit breaker was open.',
    registers,
    collect() {
      setTotals(this, [[{}, stripe?.breaker.snapshot().shortCircuited ?? 0]]);
    },
  });
  new Counter({
    name: `${PREFIX}cache_lookups_total`,
    help: 'Cache lookups by cache (stripe_data: memory then cache_store; hot: short-lived answers in memory), key family and result.',
    labelNames: ['cache', 'key', 'result'] as const,
    registers,
    collect() {
      const rows: Array<[Partial<Record<'cache' | 'key' | 'result', string>>, number]> = [];
      const add = (cache: string, byKey: Record<string, { hits: number; misses: number }>) => {
        for (const [key, { hits, misses }] of Object.entries(byKey)) {
          rows.push([{ cache, key, result: 'hit' }, hits], [{ cache, key, result: 'miss' }, misses]);
        }
      };
      add('stripe_data', sources.cache.stats().byKey);
      add('hot', sources.hot.stats());
      setTotals(this, rows);
    },
  });

  return {
    observeRequest(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      latency.observe(labels, seconds);
    },
    webhook(outcome, type) {
      webhooks.inc({ outcome, type });
    },
    async text() {
      return Registry.merge([processMetrics(), registry]).metrics();
    },
    contentType: registry.contentType,
    summary() {
      return { cache: sources.cache.stats(), stripeCalls: stripe?.calls() ?? 0, stripe: stripeSummary(stripe), eventLoopDelayMs: eventLoop.take() };
    },
  };
}

/**
 * `stripe` of the JSON figures (null without a Stripe key): calls, failed calls by kind, and the
 * circuit breaker: closed, open (calls skipped) or half-open (one trial call allowed).
 */
function stripeSummary(stripe: StripeClient | undefined) {
  if (!stripe) return null;
  const errors = stripe.errors();
  const { state, consecutiveFailures, lastOpenedAt, opened, shortCircuited } = stripe.breaker.snapshot();
  return {
    calls: stripe.calls(),
    errors: { total: Object.values(errors).reduce((a, b) => a + b, 0), ...errors },
    breaker: { state, consecutiveFailures, lastOpenedAt: lastOpenedAt === null ? null : new Date(lastOpenedAt).toISOString(), timesOpened: opened, shortCircuited },
  };
}
