import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, stripeCalls, type BillingTestApp } from '../helpers/billing.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

let b: BillingTestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  b = await initBillingTestApp();
  api = client(b.app.url);
});
afterAll(() => b.close());

/** Signs a user in, checks out the monthly price and pays on the fake's page. */
async function subscribe(price = 'premium_monthly') {
  const user = await signedInUser(b.app);
  const checkout = await api.post('/api/billing/create-checkout-session', { price }, user.tokens.accessToken);
  expect(checkout.status).toBe(200);
  const { redirectUrl } = await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  return { ...user, checkout: checkout.body, redirectUrl };
}

describe('plans', () => {
  it('lists the Premium prices from the cache, calling Stripe once', async () => {
    await b.fake.resetCalls();
    const first = await api.get('/api/billing/plans');
    const second = await api.get('/api/billing/plans');
    expect(first.status).toBe(200);
    expect(first.body.plans.map((p: { price: string; interval: string }) => [p.price, p.interval]).sort()).toEqual([
      ['premium_monthly', 'month'],
      ['premium_yearly', 'year'],
    ]);
    expect(second.body).toEqual(first.body);
    expect(await stripeCalls(b.fake, 'GET /v1/prices')).toBe(1);
  });
});

describe('checkout → webhook → Premium', () => {
  it('creates and links the Stripe customer before checkout, then pays into a Premium entitlement', async () => {
    const user = await signedInUser(b.app);
    const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, user.tokens.accessToken);
    expect(checkout.status).toBe(200);
    expect(checkout.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
    expect(account.stripeCustomerId).toMatch(/^cus_/);
    expect(account.status).toBeNull();
    const free = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(free.body.claims.plan).toBe('free');

    await b.fake.pay(checkout.body.id);
    await b.fake.idle();
    const premium = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(premium.body.claims).toMatchObject({ plan: 'premium', source: 'stripe', status: 'active', features: ['backup_export'] });
    const yearFromNow = Date.now() / 1000 + 365 * 86_400;
    expect(Math.abs(premium.body.claims.periodEnd - yearFromNow)).toBeLessThan(2 * 86_400);
    expect(await b.app.deps.orm.em.fork().count(AuditLog, { action: 'billing.checkout_started', userId: user.userId })).toBe(1);
  });

  it('the success page syncs at once, even before any webhook arrives', async () => {
    const user = await signedInUser(b.app);
    const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
    await b.fake.holdWebhooks();
    try {
      const { redirectUrl } = await b.fake.pay(checkout.body.id);
      expect(redirectUrl).toContain('/billing/success?session_id=cs_');
      const page = await fetch(redirectUrl!);
      expect(await page.text()).toContain('Welcome to Premium');
      const sub = await api.get('/api/billing/subscription', user.tokens.accessToken);
      expect(sub.body).toMatchObject({ plan: 'premium', source: 'stripe', status: 'active', cancelAtPeriodEnd: false });
    } finally {
      await b.fake.releaseWebhooks();
      await b.fake.idle();
    }
  });

  it('reuses the customer when checkout is started twice, and refuses a second subscription', async () => {
    const user = await signedInUser(b.app);
    await b.fake.resetCalls();
    const first = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
    const second = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, user.tokens.accessToken);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await stripeCalls(b.fake, 'POST /v1/customers')).toBe(1);
    await b.fake.pay(second.body.id);
    await b.fake.idle();
    const again = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, user.tokens.accessToken);
    expectError(again, 409, 'already_subscribed');
  });

  it.each([
    ['unknown price', { price: 'premium_lifetime' }, 400, 'unknown_price'],
    ['missing price', {}, 400, 'validation_failed'],
    ['price as number', { price: 5 }, 400, 'validation_failed'],
    ['extra field', { price: 'premium_monthly', amount: 0 }, 400, 'validation_failed'],
  ])('rejects %s', async (_n, body, status, code) => {
    const user = await signedInUser(b.app);
    expectError(await api.post('/api/billing/create-checkout-session', body, user.tokens.accessToken), status, code);
  });

  it('needs a sign-in', async () => {
    expectError(await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }), 401, 'token_missing');
  });
});

describe('managing the subscription', () => {
  it('opens the customer portal and lists invoices straight from Stripe', async () => {
    const user = await subscribe();
    const portal = await api.post('/api/billing/customer-portal', {}, user.tokens.accessToken);
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(/^http/);
    await b.fake.resetCalls();
    const invoices = await api.get('/api/billing/invoices', user.tokens.accessToken);
    const again = await api.get('/api/billing/invoices', user.tokens.accessToken);
    expect(invoices.body.invoices).toHaveLength(1);
    expect(invoices.body.invoices[0]).toMatchObject({ status: 'paid', currency: 'eur', amountPaid: 499 });
    expect(again.status).toBe(200);
    expect(await stripeCalls(b.fake, 'GET /v1/invoices')).toBe(2); // never cached
  });

  it('cancels at period end: Premium until then with a warning, reason audited, mail sent; Free after the end', async () => {
    const user = await subscribe();
    const cancel = await api.post('/api/billing/cancel-subscription', { reason: 'Band on hiatus' }, user.tokens.accessToken);
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelAtPeriodEnd).toBe(true);
    expect(cancel.body.message).toMatch(/keep Premium until/);
    const entry = await b.app.deps.orm.em.fork().findOneOrFail(AuditLog, { action: 'billing.cancel_requested', userId: user.userId });
    expect(entry.metadata).toMatchObject({ reason: 'Band on hiatus' });
    await new Promise((r) => setTimeout(r, 50));
    expect(b.app.deps.mailer.outbox.some((m) => m.to === user.email && /cancelled/.test(m.subject))).toBe(true);

    const during = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(during.body.claims).toMatchObject({ plan: 'premium', warning: 'cancels_at_period_end' });
    expectError(await api.post('/api/billing/cancel-subscription', {}, user.tokens.accessToken), 409, 'already_cancelled');

    await b.fake.advanceTime(32 * 86_400);
    await b.fake.idle();
    const after = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(after.body.claims).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('keeps past_due Premium with a warning, and unpaid Free', async () => {
    const user = await subscribe();
    const subId = (await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId })).subscriptionId!;
    await b.fake.setSubscriptionStatus(subId, 'past_due');
    await b.fake.idle();
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims).toMatchObject({ plan: 'premium', warning: 'payment_past_due' });
    await b.fake.setSubscriptionStatus(subId, 'unpaid');
    await b.fake.idle();
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims).toMatchObject({ plan: 'free', status: 'unpaid' });
  });

  it('a Premium account may sign in on a second device', async () => {
    const user = await subscribe();
    const second = await api.post('/api/auth/login', { email: user.email, password: user.password, device: { id: 'second-device-01', name: 'Home' } });
    expect(second.status).toBe(200);
    expect((await api.get('/api/entitlements', second.body.accessToken)).body.claims.plan).toBe('premium');
  });
});
