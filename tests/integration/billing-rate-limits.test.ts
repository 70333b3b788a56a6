import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError, type Answer } from '../helpers/http.ts';
import { signedInUser, STRONG_PASSWORD } from '../helpers/accounts.ts';
import { initBillingTestApp, stripeCalls, subscribedUser, type BillingTestApp } from '../helpers/billing.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';

// Every route that can reach Stripe is rate limited (per IP, and per user once signed in), so
// nobody can spend the account's Stripe quota: hammered, each answers 429 and Stripe sees at
// most the limit's number of calls. Each test speaks from its own client IP (one proxy trusted).
const PER_USER = 3;
const PER_IP = 8;
let b: BillingTestApp;
beforeAll(async () => {
  b = await initBillingTestApp({ TRUST_PROXY: '1', RATE_LIMIT_STRIPE_PER_USER: String(PER_USER), RATE_LIMIT_STRIPE_PER_IP: String(PER_IP), SUBSCRIPTION_VERIFY_HOURS: '1' });
});
afterAll(() => b.close());

let ipCounter = 0;
/** A client whose requests come from a new address (X-Forwarded-For through the trusted proxy). */
function fromNewIp() {
  const ip = `10.77.0.${++ipCounter}`;
  const api = client(b.app.url);
  const headers = { 'x-forwarded-for': ip };
  return {
    get: (path: string, token?: string) => api.call('GET', path, { token, headers }),
    post: (path: string, body: unknown, token?: string) => api.call('POST', path, { body, token, headers }),
  };
}

async function hammer(times: number, request: () => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < times; i++) answers.push(await request());
  return answers;
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status);
const callsTo = async (key: string) => (await b.fake.calls())[key] ?? 0;

function expectLimited(answer: Answer) {
  expectError(answer, 429, 'rate_limited');
  expect(answer.body.error.message).toMatch(/Too many billing requests\. Try again in \d+ minutes/);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('routes that call Stripe on every request', () => {
  it('GET /billing/success (no sign-in) is limited per IP: made-up checkout ids cannot make Stripe calls past the limit', async () => {
    const api = fromNewIp();
    await b.fake.resetCalls();
    const answers = await hammer(PER_IP + 4, () => api.get(`/billing/success?session_id=cs_test_madeup${ipCounter}x${Math.random().toString(36).slice(2)}`));
    expect(statuses(answers).slice(0, PER_IP).every((s) => s !== 429)).toBe(true);
    for (const limited of answers.slice(PER_IP)) expectLimited(limited);
    expect(await stripeCalls(b.fake, 'GET /v1/checkout/sessions/')).toBeLessThanOrEqual(PER_IP);
    // Another network is not affected.
    expect((await fromNewIp().get('/billing/success?session_id=cs_test_other')).status).not.toBe(429);
  });

  it('invoices, the portal and cancel are limited per user; Stripe sees at most the limit', async () => {
    const user = await subscribedUser(b);
    const token = user.tokens.accessToken;
    await b.fake.resetCalls();

    const invoices = await hammer(PER_USER + 2, () => fromNewIp().get('/api/billing/invoices', token));
    expect(statuses(invoices)).toEqual([200, 200, 200, 429, 429]);
    expectLimited(invoices[3]!);
    expect(await callsTo('GET /v1/invoices')).toBe(PER_USER);

    const portal = await hammer(PER_USER + 2, () => fromNewIp().post('/api/billing/customer-portal', {}, token));
    expect(statuses(portal)).toEqual([200, 200, 200, 429, 429]);
    expect(await callsTo('POST /v1/billing_portal/sessions')).toBe(PER_USER);

    const cancel = await hammer(PER_USER + 2, () => fromNewIp().post('/api/billing/cancel-subscription', {}, token));
    expect(statuses(cancel)).toEqual([200, 409, 409, 429, 429]);
    expect(await stripeCalls(b.fake, `POST /v1/subscriptions/${user.subscriptionId}`)).toBe(1);
    await b.fake.idle();
  });

  it('checkout is limited per user: at most the limit of sessions is created', async () => {
    const user = await signedInUser(b.app);
    await b.fake.resetCalls();
    const answers = await hammer(PER_USER + 2, () => fromNewIp().post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken));
    expect(statuses(answers)).toEqual([200, 200, 200, 429, 429]);
    expectLimited(answers[4]!);
    expect(await callsTo('POST /v1/checkout/sessions')).toBe(PER_USER);
  });

  it('is limited per IP across accounts, before the sign-in is even checked', async () => {
    const api = fromNewIp();
    const users = await Promise.all([1, 2, 3].map(() => signedInUser(b.app)));
    const answers: Answer[] = [];
    for (const u of users) answers.push(...(await hammer(PER_USER, () => api.get('/api/billing/invoices', u.tokens.accessToken))));
    expect(statuses(answers)).toEqual([...Array(PER_IP).fill(200), 429]);
    expectLimited(await api.get('/api/billing/invoices'));
  });

  it('POST /api/account/delete (cancels subscriptions) is limited per IP', async () => {
    const api = fromNewIp();
    const user = await signedInUser(b.app);
    await b.fake.resetCalls();
    const answers = await hammer(PER_IP + 2, () => api.post('/api/account/delete', { password: `${STRONG_PASSWORD}-wrong` }, user.tokens.accessToken));
    expect(new Set(answers.slice(0, PER_IP).map((a) => a.body.error.code))).toEqual(new Set(['wrong_password']));
    expectLimited(answers[PER_IP]!);
    expect(await stripeCalls(b.fake)).toBe(0);
  });
});

describe('routes that reach Stripe only when our copy is stale or the catalog is cold', () => {
  it('GET /api/billing/plans: ten times the allowance per IP, one catalog read', async () => {
    const api = fromNewIp();
    await b.app.deps.cache.invalidate(['stripe:*']);
    await b.fake.resetCalls();
    const answers = await hammer(PER_IP * 10 + 1, () => api.get('/api/billing/plans'));
    expect(statuses(answers).slice(0, PER_IP * 10).every((s) => s === 200)).toBe(true);
    expectLimited(answers.at(-1)!);
    expect(await stripeCalls(b.fake, 'GET /v1/prices')).toBe(1);
  });

  it('GET /api/billing/subscription: ten times the allowance per user; a failing stale re-read is tried once a minute', async () => {
    const user = await subscribedUser(b);
    await b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, { user: user.userId }, { verifiedAt: new Date(Date.now() - 5 * 3_600_000) });
    await b.fake.resetCalls();
    await b.fake.failNext(1000, 404, 'GET /v1/subscriptions');
    try {
      const answers = await hammer(PER_USER * 10 + 1, () => fromNewIp().get('/api/billing/subscription', user.tokens.accessToken));
      expect(answers.slice(0, PER_USER * 10).map((a) => a.body.plan)).toEqual(Array(PER_USER * 10).fill('premium'));
      expectLimited(answers.at(-1)!);
      expect(await stripeCalls(b.fake, 'GET /v1/subscriptions')).toBe(1);
    } finally {
      await b.fake.clearFaults();
    }
  });

  it('GET /api/entitlements (polled by players, not limited per request) re-reads a stale copy Stripe refuses once a minute', async () => {
    const user = await subscribedUser(b);
    await b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, { user: user.userId }, { verifiedAt: new Date(Date.now() - 5 * 3_600_000) });
    await b.fake.resetCalls();
    await b.fake.failNext(1000, 404, 'GET /v1/subscriptions');
    try {
      for (let i = 0; i < 40; i++) {
        b.app.deps.hot.drop(['entitlement:*']);
        const answer = await fromNewIp().get('/api/entitlements', user.tokens.accessToken);
        expect(answer.body.claims.plan).toBe('premium');
      }
      expect(await stripeCalls(b.fake, 'GET /v1/subscriptions')).toBe(1);
    } finally {
      await b.fake.clearFaults();
    }
  });
});
