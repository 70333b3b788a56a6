import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, subscribedUser, type BillingTestApp } from '../helpers/billing.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';

// Money paths: nobody pays twice, nobody keeps Premium they did not pay for.
let b: BillingTestApp;
let api: ReturnType<typeof client>;
let stripe: Stripe;
beforeAll(async () => {
  b = await initBillingTestApp();
  api = client(b.app.url);
  stripe = new Stripe(b.fake.secretKey, b.fake.clientConfig);
});
afterAll(() => b.close());

const plan = async (token: string) => (await api.get('/api/entitlements', token)).body.claims.plan as string;
const subsOf = (customer: string) => b.fake.store.subscriptions.all().filter((s) => s.customer === customer);
const paidInvoices = (customer: string) => b.fake.store.invoices.all().filter((i) => i.customer === customer && i.amount_paid > 0);
const auditOf = (userId: string, action: string) => b.app.deps.orm.em.fork().find(AuditLog, { userId, action }, { orderBy: { id: 'asc' } });
const accountOf = (userId: string) => b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: userId });
const chargeOf = (subscriptionId: string) => {
  const sub = b.fake.store.subscriptions.require(subscriptionId);
  const payment = b.fake.store.invoicePayments.all().find((p) => p.invoice === sub.latest_invoice)!;
  return b.fake.store.charges.require(payment.payment.charge);
};

describe('no double charge', () => {
  it('poll, pay, and open a second checkout before the webhook: refused, one subscription, one invoice', async () => {
    const user = await signedInUser(b.app);
    const first = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
    expect(first.status).toBe(200);
    // The player polls (our copy is now fresh, and Free), then the user pays; the webhook is late.
    expect((await api.get('/api/billing/subscription', user.tokens.accessToken)).body.plan).toBe('free');
    await b.fake.holdWebhooks();
    try {
      await b.fake.pay(first.body.id);
      expect((await api.get('/api/billing/subscription', user.tokens.accessToken)).body.plan).toBe('free');
      const second = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, user.tokens.accessToken);
      expectError(second, 409, 'already_subscribed');
    } finally {
      await b.fake.releaseWebhooks();
      await b.fake.idle();
    }
    const customer = b.fake.store.checkoutSessions.require(first.body.id).customer!;
    expect(subsOf(customer).map((s) => s.status)).toEqual(['active']);
    expect(paidInvoices(customer)).toHaveLength(1);
    expect(await plan(user.tokens.accessToken)).toBe('premium');
  });

  it('a second checkout expires the first: the older tab can no longer be paid', async () => {
    const user = await signedInUser(b.app);
    const first = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
    const second = await api.post('/api/billing/create-checkout-session', { price: 'premium_yearly' }, user.tokens.accessToken);
    expect(second.body.id).not.toBe(first.body.id);
    expect(b.fake.store.checkoutSessions.require(first.body.id).status).toBe('expired');
    await expect(b.fake.pay(first.body.id)).rejects.toThrow(/no longer active/);
    await b.fake.pay(second.body.id);
    await b.fake.idle();
    const customer = b.fake.store.checkoutSessions.require(second.body.id).customer!;
    expect(subsOf(customer)).toHaveLength(1);
    const audit = await auditOf(user.userId, 'billing.checkout_started');
    expect(audit.at(-1)?.metadata).toMatchObject({ expired: [first.body.id] });
  });

  it('a double click opens one session (same idempotency key), never two open ones', async () => {
    const user = await signedInUser(b.app);
    const [x, y] = await Promise.all(([1, 2] as const).map(() => api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken)));
    expect([x!.status, y!.status]).toEqual([200, 200]);
    const customer = b.fake.store.checkoutSessions.require(x!.body.id).customer!;
    expect(b.fake.store.checkoutSessions.all().filter((s) => s.customer === customer && s.status === 'open')).toHaveLength(1);
  });

  it('two sessions both paid (a race with Stripe): the newer subscription is cancelled and refunded, with an audit entry', async () => {
    const user = await subscribedUser(b);
    // A second session made behind our back (e.g. a race no guard can see), paid too.
    const extra = await stripe.checkout.sessions.create({ mode: 'subscription', customer: user.customerId, line_items: [{ price: b.fake.store.subscriptions.require(user.subscriptionId).items[0]!.price, quantity: 1 }], success_url: 'http://127.0.0.1/x' });
    await b.fake.pay(extra.id);
    await b.fake.idle();
    const subs = subsOf(user.customerId);
    const newer = subs.find((s) => s.id !== user.subscriptionId)!;
    expect(b.fake.store.subscriptions.require(user.subscriptionId).status).toBe('active');
    expect(newer.status).toBe('canceled');
    expect(chargeOf(newer.id)).toMatchObject({ refunded: true });
    expect(chargeOf(user.subscriptionId)).toMatchObject({ refunded: false });
    const entries = await auditOf(user.userId, 'billing.duplicate_subscription_refunded');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.metadata).toMatchObject({ kept: user.subscriptionId, cancelled: newer.id });
    expect((await accountOf(user.userId)).subscriptionId).toBe(user.subscriptionId);
    expect(await plan(user.tokens.accessToken)).toBe('premium');
  });
});

describe('plan rules', () => {
  it('past_due keeps Premium for the grace after the period end, then Free', async () => {
    const user = await subscribedUser(b);
    await b.fake.setSubscriptionStatus(user.subscriptionId, 'past_due');
    await b.fake.idle();
    const answer = await api.get('/api/billing/subscription', user.tokens.accessToken);
    expect(answer.body).toMatchObject({ plan: 'premium', warning: 'payment_past_due', status: 'past_due' });
    const periodEnd = (await accountOf(user.userId)).currentPeriodEnd!.getTime();
    const realNow = b.app.deps.now;
    try {
      b.app.deps.now = () => new Date(periodEnd + 6 * 86_400_000);
      b.app.deps.hot.drop(['entitlement:*']);
      expect(await plan(user.tokens.accessToken)).toBe('premium');
      b.app.deps.now = () => new Date(periodEnd + 7 * 86_400_000 + 1000);
      b.app.deps.hot.drop(['entitlement:*']);
      expect((await api.get('/api/billing/subscription', user.tokens.accessToken)).body).toMatchObject({ plan: 'free', status: 'past_due' });
    } finally {
      b.app.deps.now = realNow;
      b.app.deps.hot.drop(['entitlement:*']);
    }
  });

  it('a full refund ends Premium (charge.refunded → re-read), with an audit entry naming the cause', async () => {
    const user = await subscribedUser(b);
    await stripe.refunds.create({ charge: chargeOf(user.subscriptionId).id });
    await b.fake.idle();
    expect(await plan(user.tokens.accessToken)).toBe('free');
    expect(await accountOf(user.userId)).toMatchObject({ status: 'active', revokedReason: 'refunded' });
    const changes = await auditOf(user.userId, 'billing.plan_changed');
    expect(changes.at(-1)!.metadata).toMatchObject({ from: { plan: 'premium' }, to: { plan: 'free', revokedReason: 'refunded' } });
    expect(String(changes.at(-1)!.metadata!.cause)).toMatch(/webhook:(charge\.refunded|refund\.created|charge)/);
  });

  it('a partial refund keeps Premium', async () => {
    const user = await subscribedUser(b);
    await stripe.refunds.create({ charge: chargeOf(user.subscriptionId).id, amount: 100 });
    await b.fake.idle();
    expect(await plan(user.tokens.accessToken)).toBe('premium');
  });

  it('a lost dispute ends Premium; a won one keeps it', async () => {
    const lost = await subscribedUser(b);
    const won = await subscribedUser(b);
    const d1 = await b.fake.openDispute(chargeOf(lost.subscriptionId).id);
    const d2 = await b.fake.openDispute(chargeOf(won.subscriptionId).id);
    await b.fake.idle();
    // While the bank decides, the customer keeps Premium.
    expect(await plan(lost.tokens.accessToken)).toBe('premium');
    await b.fake.closeDispute(d1.id, 'lost');
    await b.fake.closeDispute(d2.id, 'won');
    await b.fake.idle();
    expect(await plan(lost.tokens.accessToken)).toBe('free');
    expect((await accountOf(lost.userId)).revokedReason).toBe('dispute_lost');
    expect(await plan(won.tokens.accessToken)).toBe('premium');
    const cause = String((await auditOf(lost.userId, 'billing.plan_changed')).at(-1)!.metadata!.cause);
    expect(cause).toContain('charge.dispute.closed');
  });

  it('every plan change made by a sync is audited with its cause (subscribe, cancel now)', async () => {
    const user = await subscribedUser(b);
    await stripe.subscriptions.cancel(user.subscriptionId);
    await b.fake.idle();
    const changes = await auditOf(user.userId, 'billing.plan_changed');
    expect(changes.map((c) => [(c.metadata!.from as { plan: string }).plan, (c.metadata!.to as { plan: string }).plan])).toEqual([
      ['free', 'premium'],
      ['premium', 'free'],
    ]);
    for (const c of changes) expect(String(c.metadata!.cause)).toMatch(/^(webhook:|checkout_success)/);
  });
});
