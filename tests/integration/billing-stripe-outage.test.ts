import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError } from '../helpers/http.ts';
import { TEST_METRICS_TOKEN } from '../helpers/test-app.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, stripeCalls, subscribedUser, type BillingTestApp } from '../helpers/billing.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';
import { STRIPE_API_VERSION } from '../../backend/src/modules/stripe/client.ts';

// Stripe trouble must not become user trouble: a hanging Stripe costs sign-in and entitlements at
// most STRIPE_USER_TIMEOUT, a refused request is reported as a configuration problem.
let b: BillingTestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  b = await initBillingTestApp({ STRIPE_TIMEOUT: '8s', SUBSCRIPTION_VERIFY_HOURS: '1', RATE_LIMIT_LOGIN_PER_IP: '10000', RATE_LIMIT_LOGIN_PER_EMAIL: '10000' });
  api = client(b.app.url);
});
afterAll(() => b.close());

const p99 = (ms: number[]) => [...ms].sort((x, y) => x - y)[Math.min(ms.length - 1, Math.ceil(ms.length * 0.99) - 1)]!;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

describe('Stripe hangs', () => {
  it('sign-in and GET /api/entitlements answer within 1 s (p99) from our copy, and nobody is downgraded', async () => {
    const users = await Promise.all([1, 2, 3].map(() => subscribedUser(b)));
    // Every copy is stale, so each request would like to re-read Stripe.
    await b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, {}, { verifiedAt: new Date(Date.now() - 5 * 3_600_000) });
    b.app.deps.hot.drop(['entitlement:*']);
    await b.fake.hangAll();
    const logins: number[] = [];
    const entitlements: number[] = [];
    try {
      for (let round = 0; round < 10; round++) {
        for (const u of users) {
          const [login, loginMs] = await timed(() => api.post('/api/auth/login', { email: u.email, password: u.password, device: u.device }));
          expect(login.status).toBe(200);
          logins.push(loginMs);
          const [ent, entMs] = await timed(() => api.get('/api/entitlements', login.body.accessToken));
          expect(ent.body.claims.plan).toBe('premium');
          entitlements.push(entMs);
          b.app.deps.hot.drop(['entitlement:*']);
        }
      }
    } finally {
      await b.fake.clearFaults();
    }
    console.log(`[stripe hangs] login p99 ${p99(logins).toFixed(0)} ms (max ${Math.max(...logins).toFixed(0)}), GET /api/entitlements p99 ${p99(entitlements).toFixed(0)} ms (max ${Math.max(...entitlements).toFixed(0)}), ${logins.length} each`);
    expect(p99(logins)).toBeLessThanOrEqual(1000);
    expect(p99(entitlements)).toBeLessThanOrEqual(1000);
  }, 60_000);

  it('the circuit breaker opens after repeated failures: calls are skipped at once, our copy is served', async () => {
    // Six customers: a stale copy is re-read at most once a minute per customer.
    const users = await Promise.all(Array.from({ length: 6 }, () => subscribedUser(b)));
    const user = users[0]!;
    const breaker = b.app.deps.stripe!.breaker;
    await b.fake.failNext(50, 503);
    for (let i = 0; i < 6 && breaker.snapshot().state !== 'open'; i++) {
      await b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, { user: users[i]!.userId }, { verifiedAt: new Date(Date.now() - 5 * 3_600_000) });
      b.app.deps.hot.drop(['entitlement:*']);
      await api.get('/api/entitlements', users[i]!.tokens.accessToken);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(breaker.snapshot().state).toBe('open');
    // Monitoring sees it: GET /api/metrics/json shows the open circuit and the 5xx answers that opened it.
    const open = (await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body.stripe;
    expect(open.breaker).toMatchObject({ state: 'open', consecutiveFailures: 5 });
    expect(Date.now() - Date.parse(open.breaker.lastOpenedAt)).toBeLessThan(10_000);
    expect(open.breaker.timesOpened).toBeGreaterThanOrEqual(1);
    expect(open.errors.server).toBeGreaterThanOrEqual(5);
    await b.fake.resetCalls();
    b.app.deps.hot.drop(['entitlement:*']);
    const [ent, ms] = await timed(() => api.get('/api/entitlements', user.tokens.accessToken));
    expect(ent.body.claims.plan).toBe('premium');
    expect(ms).toBeLessThan(200);
    expect(await b.fake.calls()).toEqual({});
    const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, (await signedInUser(b.app)).tokens.accessToken);
    expectError(checkout, 503, 'billing_unavailable');
    expect((await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body.stripe.breaker.shortCircuited).toBeGreaterThan(open.breaker.shortCircuited);
    await b.fake.clearFaults();
    breaker.success();
    expect((await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body.stripe.breaker).toMatchObject({ state: 'closed', consecutiveFailures: 0, lastOpenedAt: open.breaker.lastOpenedAt });
  });
});

describe('API version', () => {
  it('sends the pinned Stripe API version with every call', async () => {
    const versions: (string | null)[] = [];
    const record = (event: { api_version: string | null }) => versions.push(event.api_version);
    b.app.deps.stripe!.api.on('request', record);
    try {
      const user = await subscribedUser(b);
      expect((await api.get('/api/billing/invoices', user.tokens.accessToken)).status).toBe(200);
    } finally {
      b.app.deps.stripe!.api.off('request', record);
    }
    expect(versions.length).toBeGreaterThan(3);
    expect(new Set(versions)).toEqual(new Set([STRIPE_API_VERSION]));
  });
});

describe('GET /api/metrics/json', () => {
  it('counts the calls sent to Stripe (as Stripe counts them) and the failed ones by kind', async () => {
    const user = await signedInUser(b.app);
    const before = (await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body;
    await b.fake.resetCalls();
    await b.fake.failNext(1, 400, 'POST /v1/checkout/sessions');
    expectError(await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken), 502, 'billing_misconfigured');
    await b.fake.failNext(1, 503, 'POST /v1/checkout/sessions');
    expectError(await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken), 503, 'billing_unavailable');
    const after = (await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body;
    const sent = await stripeCalls(b.fake);
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(after.stripe.calls - before.stripe.calls).toBe(sent);
    expect(after.stripeCalls - before.stripeCalls).toBe(sent);
    expect(after.stripe.errors.client - before.stripe.errors.client).toBe(1);
    expect(after.stripe.errors.server - before.stripe.errors.server).toBe(1);
    expect(after.stripe.errors.total - before.stripe.errors.total).toBe(2);
    // The 503 was the last call: one failure in a row, below the breaker's threshold.
    expect(after.stripe.breaker).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
  });
});

describe('Stripe errors', () => {
  it('a 4xx is a configuration problem (502 billing_misconfigured, Stripe request id kept), a 5xx is 503', async () => {
    const user = await signedInUser(b.app);
    await b.fake.failNext(1, 400, 'POST /v1/checkout/sessions');
    const refused = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
    expectError(refused, 502, 'billing_misconfigured');
    expect(refused.body.error.message).not.toMatch(/not answering/);
    expect(refused.body.error.details.stripeRequestId).toMatch(/^req_/);
    await b.fake.failNext(1, 500, 'POST /v1/checkout/sessions');
    expectError(await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken), 503, 'billing_unavailable');
    expect((await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken)).status).toBe(200);
  });
});

describe('billing portal', () => {
  it('opens every portal session with one configuration this server created (or STRIPE_PORTAL_CONFIGURATION)', async () => {
    const a = await subscribedUser(b);
    const c = await subscribedUser(b);
    expect((await api.post('/api/billing/customer-portal', {}, a.tokens.accessToken)).status).toBe(200);
    expect((await api.post('/api/billing/customer-portal', {}, c.tokens.accessToken)).status).toBe(200);
    const configs = b.fake.store.portalConfigurations.all();
    expect(configs).toHaveLength(1);
    expect(configs[0]!.features).toMatchObject({ subscription_cancel: { enabled: 'true', mode: 'at_period_end' } });
    expect(b.fake.store.portalSessions.all().map((s) => s.configuration)).toEqual([configs[0]!.id, configs[0]!.id]);
  });
});
