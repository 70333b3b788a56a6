import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, subscribedUser, type BillingTestApp } from '../helpers/billing.ts';
import { client, expectError } from '../helpers/http.ts';
import { initTestApp, TEST_METRICS_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { ConfigError, loadConfig } from '../../backend/src/config.ts';
import { startBackend, type RunningBackend } from '../../backend/src/server.ts';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';

// What a Prometheus server sees: the text exposition, parsed by a Prometheus text parser.
let b: BillingTestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  b = await initBillingTestApp();
  api = client(b.app.url);
});
afterAll(() => b.close());

/**
 * The families as parsed, plus each histogram's `_bucket`, `_count` and `_sum` series as plain
 * families: the parser folds a labelled histogram into one sample and drops its labels.
 */
async function scrape(url = `${b.app.url}/api/metrics`, token: string | undefined = TEST_METRICS_TOKEN): Promise<MetricFamily[]> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return [...parsePrometheusTextFormat(text), ...parsePrometheusTextFormat(text.replace(/^# TYPE \S+ histogram$/gm, '')).filter((f) => /_(bucket|count|sum)$/.test(f.name))];
}

/** A family by name, its samples gathered (each histogram series' lines come as a family of their own). */
function family(families: MetricFamily[], name: string): MetricFamily {
  const found = families.filter((f) => f.name === name);
  if (!found.length) throw new Error(`metric ${name} is not in the scrape`);
  return { ...found[0]!, metrics: found.flatMap((f) => f.metrics) };
}

/** The value of the sample whose labels include `labels` (0 when there is none yet). */
function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const sample = families.filter((f) => f.name === name).flatMap((f) => f.metrics).find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return Number(sample?.value ?? sample?.count ?? 0);
}

/** One labelled series of a histogram: its count, sum and the cumulative count of the +Inf bucket. */
function histogram(families: MetricFamily[], name: string, labels: Record<string, string>) {
  expect(family(families, name).type).toBe('HISTOGRAM');
  return {
    count: value(families, `${name}_count`, labels),
    sum: value(families, `${name}_sum`, labels),
    infBucket: value(families, `${name}_bucket`, { ...labels, le: '+Inf' }),
  };
}

describe('GET /api/metrics (Prometheus text format)', () => {
  it('counts and times requests per route pattern, never per raw path', async () => {
    const before = await scrape();
    const user = await signedInUser(b.app);
    for (let i = 0; i < 3; i++) expect((await api.get('/api/health')).status).toBe(200);
    // Two different ids: one route pattern.
    for (const id of [crypto.randomUUID(), crypto.randomUUID()]) expect((await api.del(`/api/devices/${id}`, user.tokens.accessToken)).status).toBe(404);
    expect((await api.get('/no/such/route')).status).toBe(404);
    const after = await scrape();

    const health = { method: 'GET', route: '/api/health', status: '200' };
    expect(value(after, 'stagetracker_http_requests_total', health) - value(before, 'stagetracker_http_requests_total', health)).toBe(3);
    const h0 = histogram(before, 'stagetracker_http_request_duration_seconds', health);
    const h1 = histogram(after, 'stagetracker_http_request_duration_seconds', health);
    expect(h1.count - h0.count).toBe(3);
    expect(h1.sum).toBeGreaterThan(h0.sum);
    expect(h1.infBucket).toBe(h1.count);

    const device = { method: 'DELETE', route: '/api/devices/:id', status: '404' };
    expect(value(after, 'stagetracker_http_requests_total', device) - value(before, 'stagetracker_http_requests_total', device)).toBe(2);
    expect(histogram(after, 'stagetracker_http_request_duration_seconds', device).count).toBe(2);
    expect(value(after, 'stagetracker_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    const routes = new Set(family(after, 'stagetracker_http_requests_total').metrics.map((m) => m.labels?.route));
    expect([...routes].filter((r) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(r ?? ''))).toEqual([]);
  });

  it('has the event-loop delay and the database pool', async () => {
    const families = await scrape();
    const lateness = family(families, 'stagetracker_event_loop_delay_seconds');
    expect(lateness.type).toBe('HISTOGRAM');
    expect(Number(lateness.metrics[0]!.count)).toBeGreaterThan(0);
    expect(family(families, 'nodejs_eventloop_lag_p99_seconds').type).toBe('GAUGE');
    expect(value(families, 'stagetracker_db_pool_max_connections')).toBe(10);
    const pool = family(families, 'stagetracker_db_pool_connections').metrics.map((m) => m.labels?.state).sort();
    expect(pool).toEqual(['idle', 'in_use']);
    expect(value(families, 'stagetracker_db_pool_connections', { state: 'idle' }) + value(families, 'stagetracker_db_pool_connections', { state: 'in_use' })).toBeGreaterThan(0);
    expect(value(families, 'stagetracker_db_pool_waiting_requests')).toBe(0);
  });

  it('counts Stripe calls and errors, webhook outcomes and cache hits', async () => {
    const before = await scrape();
    const paying = await subscribedUser(b); // checkout, payment, and the signed webhooks it delivers
    expect((await api.get('/api/entitlements', paying.tokens.accessToken)).status).toBe(200);
    expect((await api.get('/api/billing/plans')).status).toBe(200);
    expect((await api.get('/api/billing/plans')).status).toBe(200);
    await b.fake.failNext(1, 503, 'POST /v1/checkout/sessions');
    const user = await signedInUser(b.app);
    expectError(await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken), 503, 'billing_unavailable');
    expectError(await api.call('POST', '/api/webhooks/stripe', { rawBody: '{"id":"evt_forged"}', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' } }), 400, 'invalid_signature');
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(delta('stagetracker_stripe_requests_total')).toBeGreaterThan(2);
    expect(delta('stagetracker_stripe_errors_total', { kind: 'server' })).toBe(1);
    expect(value(after, 'stagetracker_stripe_circuit_state', { state: 'closed' })).toBe(1);
    const processed = family(after, 'stagetracker_webhook_events_total').metrics.filter((m) => m.labels?.outcome === 'processed');
    expect(processed.map((m) => m.labels?.type)).toContain('checkout.session.completed');
    expect(delta('stagetracker_webhook_events_total', { outcome: 'rejected', type: 'unknown' })).toBe(1);
    // The second price list comes from the cache (memory, then cache_store).
    expect(delta('stagetracker_cache_lookups_total', { cache: 'stripe_data', result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(family(after, 'stagetracker_cache_lookups_total').metrics.some((m) => m.labels?.cache === 'hot' && m.labels.key === 'entitlement')).toBe(true);
  });

  it('answers 401 without the token or with a wrong one, for the text and the JSON figures', async () => {
    for (const path of ['/api/metrics', '/api/metrics/json']) {
      expectError(await api.get(path), 401, 'metrics_unauthorized');
      expectError(await api.get(path, randomBytes(32).toString('base64url')), 401, 'metrics_unauthorized');
      expectError(await api.get(path, TEST_METRICS_TOKEN.slice(1)), 401, 'metrics_unauthorized');
    }
    const json = await api.get('/api/metrics/json', TEST_METRICS_TOKEN);
    expect(json.status).toBe(200);
    expect(json.body).toHaveProperty('eventLoopDelayMs');
  });
});

describe('metrics are off unless configured', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await initTestApp({ METRICS_TOKEN: '' });
  });
  afterAll(() => plain.close());

  it('answers 404 metrics_disabled saying how to turn them on', async () => {
    for (const path of ['/api/metrics', '/api/metrics/json']) {
      const answer = await client(plain.url).get(path, TEST_METRICS_TOKEN);
      expectError(answer, 404, 'metrics_disabled');
      expect(answer.body.error.message).toMatch(/METRICS_TOKEN/);
    }
  });
});

describe('METRICS_PORT', () => {
  const name = `st_test_metrics_${randomBytes(4).toString('hex')}`;
  let backend: RunningBackend;
  beforeAll(async () => {
    const url = await createDatabase(inject('pgServerUrl'), name, { template: inject('pgTemplate') });
    backend = await startBackend({ env: { NODE_ENV: 'test', PORT: '0', DATA_DIR: '/nonexistent', BCRYPT_COST: '4', DATABASE_URL: url, METRICS_PORT: '0' } });
  });
  afterAll(async () => {
    await backend?.close();
    await dropDatabase(inject('pgServerUrl'), name);
  });

  it('refuses a metrics port other machines can reach without a token', () => {
    const load = (env: Record<string, string>) => () => loadConfig({ NODE_ENV: 'test', METRICS_PORT: '9464', ...env });
    expect(load({ METRICS_HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(load({ METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN: required when METRICS_HOST \(0\.0\.0\.0\)/);
    expect(load({ METRICS_HOST: '0.0.0.0', METRICS_TOKEN: randomBytes(32).toString('base64url') })).not.toThrow();
    expect(load({})).not.toThrow();
    expect(load({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must have at least 32 characters/);
  });

  it('serves /metrics on its own loopback listener, and nothing on the API port', async () => {
    await fetch(`${backend.url}/api/ready`);
    const families = await scrape(`${backend.metricsUrl}/metrics`, undefined);
    expect(value(families, 'stagetracker_http_requests_total', { route: '/api/ready', status: '200' })).toBe(1);
    expectError(await client(backend.url).get('/api/metrics'), 404, 'metrics_disabled');
    expect((await fetch(`${backend.metricsUrl}/api/health`)).status).toBe(404);
  });
});
