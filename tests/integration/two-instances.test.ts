import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { eventually } from '../helpers/eventually.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { makePremium } from '../helpers/plans.ts';

// Two backend instances on one database, as behind a load balancer.
let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  one = await initTestApp();
  two = await initTestApp({}, { shareDatabaseWith: one });
});
afterAll(async () => {
  await two.close();
  await one.close();
});


describe('two instances', () => {
  it('a session signed out on one is refused by the other, which had it in memory', async () => {
    const user = await signedInUser(one);
    const a = client(one.url);
    const b = client(two.url);
    // Instance two remembers the session check (the entitlement route trusts memory).
    expect((await b.get('/api/entitlements', user.tokens.accessToken)).status).toBe(200);
    expect((await a.post('/api/auth/logout', undefined, user.tokens.accessToken)).status).toBe(200);
    await eventually(async () => (await b.get('/api/entitlements', user.tokens.accessToken)).status === 401);
    expectError(await b.get('/api/entitlements', user.tokens.accessToken), 401, 'session_revoked');
  });

  it('the same instance forgets at once', async () => {
    const user = await signedInUser(one);
    const a = client(one.url);
    expect((await a.get('/api/entitlements', user.tokens.accessToken)).status).toBe(200);
    await a.post('/api/auth/logout', undefined, user.tokens.accessToken);
    expectError(await a.get('/api/entitlements', user.tokens.accessToken), 401, 'session_revoked');
  });

  it('a plan change made anywhere reaches the other instance\'s remembered entitlement', async () => {
    const user = await signedInUser(one);
    const b = client(two.url);
    expect((await b.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan).toBe('free');
    await makePremium(one, user.email); // announced through PostgreSQL NOTIFY
    await eventually(async () => (await b.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan === 'premium');
  });
});

describe('two instances with Stripe', () => {
  it('a webhook handled by one drops the plan cache of the other', async () => {
    const { initBillingTestApp, stripeCalls } = await import('../helpers/billing.ts');
    const b = await initBillingTestApp();
    const other = await initTestApp(
      { STRIPE_SECRET_KEY: b.fake.secretKey, STRIPE_WEBHOOK_SECRET: 'whsec_test_stagetracker_integration', STRIPE_API_BASE: b.fake.url },
      { shareDatabaseWith: b.app },
    );
    try {
      const otherApi = client(other.url);
      await otherApi.get('/api/billing/plans');
      await b.fake.resetCalls();
      await otherApi.get('/api/billing/plans');
      expect(await stripeCalls(b.fake, 'GET /v1/prices')).toBe(0); // served from its memory
      // The price event reaches instance one only (the fake posts to b.app's webhook URL).
      await b.fake.triggerEvent('price.updated', (await b.fake.seedCatalog()).monthlyPriceId);
      await b.fake.idle();
      await eventually(async () => {
        await otherApi.get('/api/billing/plans');
        return (await stripeCalls(b.fake, 'GET /v1/prices')) >= 1;
      });
    } finally {
      await other.close();
      await b.close();
    }
  });
});
