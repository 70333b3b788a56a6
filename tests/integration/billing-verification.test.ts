import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, stripeCalls, type BillingTestApp } from '../helpers/billing.ts';
import { initTestApp } from '../helpers/test-app.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';
import { reconcileSubscriptions } from '../../backend/src/modules/billing/reconcile.ts';
import { simulateDay } from '../../bench/simulated-day.ts';

let b: BillingTestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  // Re-reads are what is tested here, not the user-facing timeout: give them time on a loaded machine.
  b = await initBillingTestApp({ SUBSCRIPTION_VERIFY_HOURS: '4', STRIPE_MAX_RPS: '10', STRIPE_USER_TIMEOUT: '5s' });
  api = client(b.app.url);
});
afterAll(() => b.close());

async function subscribed() {
  const user = await signedInUser(b.app);
  const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
  await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  return user;
}

/** Runs `fn` as if `hours` had passed (plan decisions and in-memory caches use deps.now). */
async function later<T>(hours: number, fn: () => Promise<T>): Promise<T> {
  const shift = hours * 3_600_000;
  b.app.deps.now = () => new Date(Date.now() + shift);
  try {
    return await fn();
  } finally {
    b.app.deps.now = () => new Date();
  }
}

const ageAll = (hours: number) => b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, {}, { verifiedAt: new Date(Date.now() - hours * 3_600_000) });

describe('Layer 3: re-reading Stripe after 4 hours', () => {
  it('serves a fresh copy without calling Stripe, and re-reads a copy older than 4 hours once', async () => {
    const user = await subscribed();
    await b.fake.resetCalls();
    await api.get('/api/entitlements', user.tokens.accessToken);
    expect(await stripeCalls(b.fake)).toBe(0);

    await later(4.5, async () => {
      const res = await api.get('/api/entitlements', user.tokens.accessToken);
      expect(await stripeCalls(b.fake, 'GET /v1/subscriptions')).toBe(1);
      // One read: the subscriptions and the payment of the latest invoice (refunds, disputes).
      expect(await stripeCalls(b.fake)).toBe(2);
      expect(b.app.deps.now().getTime() / 1000 - res.body.claims.verifiedAt).toBeLessThan(5);
      await api.get('/api/entitlements', user.tokens.accessToken);
      expect(await stripeCalls(b.fake)).toBe(2);
    });
  });

  it('catches a change Stripe made without a webhook reaching us', async () => {
    const user = await subscribed();
    const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
    // The webhook endpoint misses the event (held, never released to us).
    await b.fake.holdWebhooks();
    await b.fake.setSubscriptionStatus(account.subscriptionId!, 'canceled');
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan).toBe('premium');
    await later(5, async () => expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan).toBe('free'));
    await b.fake.releaseWebhooks();
    await b.fake.idle();
  });
});

describe('reconciliation job', () => {
  it('re-reads every stale copy, paced under the rate limit, and leaves an audit entry with counts', async () => {
    for (let i = 0; i < 4; i++) await subscribed();
    await ageAll(5);
    const total = await b.app.deps.orm.em.fork().count(BillingAccount, {});
    await b.fake.resetCalls();
    const started = performance.now();
    const result = await reconcileSubscriptions(b.app.deps);
    const seconds = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ checked: total, failed: 0 });
    // STRIPE_MAX_RPS=10: n customers take at least (n - 1) / 10 s.
    expect(seconds).toBeGreaterThanOrEqual((total - 1) / 10 - 0.05);
    expect((await stripeCalls(b.fake)) / seconds).toBeLessThanOrEqual(12);
    const entry = await b.app.deps.orm.em.fork().findOne(AuditLog, { action: 'job.reconcile_subscriptions' }, { orderBy: { id: 'desc' } });
    expect(entry?.metadata).toMatchObject({ checked: total, failed: 0 });
    // Nothing is stale any more.
    expect(await reconcileSubscriptions(b.app.deps)).toMatchObject({ checked: 0 });
  });

  it('holds no transaction open while it waits for Stripe', async () => {
    await subscribed();
    await ageAll(5);
    await b.fake.setLatency({ minMs: 600, maxMs: 600 });
    const em = b.app.deps.orm.em.fork();
    const openTransactions = async () =>
      Number(
        (
          await em.getConnection().execute<{ n: string }[]>(
            `select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%' and state_change < now() - interval '250 milliseconds'`,
          )
        )[0]!.n,
      );
    try {
      const job = reconcileSubscriptions(b.app.deps, { sleep: async () => {} });
      const seen: number[] = [];
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen.push(await openTransactions());
      }
      expect(await job).toMatchObject({ failed: 0 });
      // Sampled while Stripe calls were under way (each takes 600 ms): no connection sat in a transaction
      // across one (a transaction idle for 250 ms would be waiting on Stripe; the lease claim takes microseconds).
      expect(seen).toEqual(Array(8).fill(0));
      expect(await stripeCalls(b.fake)).toBeGreaterThan(0);
    } finally {
      await b.fake.clearFaults();
    }
  });

  it('runs on one instance at a time', async () => {
    await subscribed();
    await ageAll(5);
    const other = await initTestApp(
      { STRIPE_SECRET_KEY: b.fake.secretKey, STRIPE_WEBHOOK_SECRET: 'whsec_other', STRIPE_API_BASE: b.fake.url, STRIPE_MAX_RPS: '10' },
      { shareDatabaseWith: b.app },
    );
    try {
      const [x, y] = await Promise.all([reconcileSubscriptions(b.app.deps), reconcileSubscriptions(other.deps)]);
      expect([x, y].filter((r) => r === null)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('counts failures without stopping, and nobody is downgraded', async () => {
    const user = await subscribed();
    await ageAll(5);
    await b.fake.failNext(1000, 500);
    const result = await reconcileSubscriptions(b.app.deps);
    await b.fake.clearFaults();
    expect(result!.failed).toBe(result!.checked);
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan).toBe('premium');
  });
});

describe('a simulated day', () => {
  // A re-read is two calls (subscriptions; the latest invoice's payment, for refunds and disputes).
  it('costs at most 12 Stripe calls per subscriber and at most one catalog read an hour', async () => {
    // Its own database, so the job sees only this day's subscribers.
    const dayApp = await initBillingTestApp({ SUBSCRIPTION_VERIFY_HOURS: '4', STRIPE_MAX_RPS: '100' });
    const dayApi = client(dayApp.app.url);
    try {
      const users = [];
      for (let i = 0; i < 5; i++) {
        const user = await signedInUser(dayApp.app);
        const checkout = await dayApi.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
        await dayApp.fake.pay(checkout.body.id);
        users.push(user);
      }
      await dayApp.fake.idle();
      const day = await simulateDay({ baseUrl: dayApp.app.url, deps: dayApp.app.deps, fake: dayApp.fake, tokens: users.map((u) => u.tokens.accessToken) });
      console.log(`[simulated day] ${JSON.stringify(day)}`);
      const perSubscriber = day.callsPerSubscriber;
      const catalogCalls = day.catalogCalls;
      expect(perSubscriber).toBeLessThanOrEqual(12);
      expect(catalogCalls).toBeLessThanOrEqual(25); // 1-hour TTL
      expect(perSubscriber).toBeGreaterThanOrEqual(5); // it does re-verify about every 4 hours
      // Only keys the day really reads are reported: the catalog, and per-device entitlements and sessions.
      expect(Object.keys(day.cacheByKey)).toEqual(['stripe:catalog']);
      expect(Object.keys(day.hotByFamily).sort()).toEqual(['entitlement', 'session']);
      expect(day.requests['/api/entitlements']).toBeGreaterThanOrEqual(users.length * 96);
    } finally {
      await dayApp.close();
    }
  }, 120_000);
});
