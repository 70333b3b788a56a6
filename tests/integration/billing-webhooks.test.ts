import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, stripeCalls, WEBHOOK_SECRET, type BillingTestApp } from '../helpers/billing.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';
import { StripeWebhookEvent } from '../../backend/src/modules/webhooks/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

let b: BillingTestApp;
let api: ReturnType<typeof client>;
const sdk = new Stripe('sk_test_unused', { telemetry: false });
beforeAll(async () => {
  b = await initBillingTestApp(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {});
  api = client(b.app.url);
});
afterAll(() => b.close());

async function subscribed() {
  const user = await signedInUser(b.app);
  const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
  await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
  return { ...user, customerId: account.stripeCustomerId, subscriptionId: account.subscriptionId! };
}

/** Posts a payload to the webhook route signed as Stripe would (or with the header given). */
function deliver(payload: string, header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })) {
  return api.call('POST', '/api/webhooks/stripe', { rawBody: payload, headers: { 'content-type': 'application/json', 'stripe-signature': header } });
}

const eventPayload = (id: string, type: string, object: object) =>
  JSON.stringify({ id, object: 'event', type, api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), data: { object }, livemode: false, pending_webhooks: 1, request: null });

describe('webhook signatures', () => {
  it.each([
    ['a missing signature', undefined],
    ['a wrong secret', 'other'],
    ['a stale timestamp', 'stale'],
    ['a garbled header', 'garbled'],
  ])('refuses %s with 400 and a security audit entry', async (_name, kind) => {
    const payload = eventPayload(`evt_sig_${kind}`, 'customer.subscription.updated', { id: 'sub_x', customer: 'cus_x' });
    const header =
      kind === undefined
        ? ''
        : kind === 'other'
          ? sdk.webhooks.generateTestHeaderString({ payload, secret: 'whsec_not_ours' })
          : kind === 'stale'
            ? sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 600 })
            : 't=1,v1=zz';
    const before = await b.app.deps.orm.em.fork().count(AuditLog, { action: 'webhook.signature_rejected' });
    expectError(await deliver(payload, header), 400, 'invalid_signature');
    expect(await b.app.deps.orm.em.fork().count(AuditLog, { action: 'webhook.signature_rejected' })).toBe(before + 1);
    expect(await b.app.deps.orm.em.fork().count(StripeWebhookEvent, { id: `evt_sig_${kind}` })).toBe(0);
  });

  it('refuses a body changed after signing (signature is checked on the exact bytes)', async () => {
    const payload = eventPayload('evt_tampered', 'customer.subscription.updated', { id: 'sub_x', customer: 'cus_x' });
    const header = sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expectError(await deliver(payload.replace('sub_x', 'sub_y'), header), 400, 'invalid_signature');
    // Re-serialising the same JSON changes the bytes too.
    expectError(await deliver(JSON.stringify(JSON.parse(payload), null, 2), header), 400, 'invalid_signature');
  });

  it.each(['null', '42', '"text"', '{"data":{}}'])('answers a correctly signed body that is no event (%s) with a 400, not a 500', async (payload) => {
    expectError(await deliver(payload), 400, 'invalid_event');
  });

  it('acknowledges events outside the allow-list without work', async () => {
    await b.fake.resetCalls();
    const res = await deliver(eventPayload('evt_ignored', 'payment_intent.created', { id: 'pi_1', customer: 'cus_1' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, handled: false });
    expect(await stripeCalls(b.fake)).toBe(0);
  });
});

describe('idempotency and ordering', () => {
  it('a redelivered event answers 200 without work', async () => {
    const user = await subscribed();
    const events = await b.fake.events();
    const paid = events.filter((e) => e.type === 'invoice.paid').at(-1)!;
    await b.fake.resetCalls();
    const [delivery] = await b.fake.redeliver(paid.id);
    expect(delivery?.status).toBe(200);
    expect(await stripeCalls(b.fake)).toBe(0);
    expect(await b.app.deps.orm.em.fork().count(StripeWebhookEvent, { id: paid.id, status: 'processed' })).toBe(1);
    expect(user.customerId).toMatch(/^cus_/);
  });

  it('ten concurrent deliveries of one event do the work once', async () => {
    const user = await subscribed();
    const payload = eventPayload('evt_concurrent_1', 'customer.subscription.updated', { id: user.subscriptionId, customer: user.customerId });
    await b.fake.resetCalls();
    const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(payload)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    // The others were told it was done already (200) or in progress (409, which Stripe retries).
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(await stripeCalls(b.fake, 'GET /v1/subscriptions')).toBe(1);
    // A later redelivery of the same event is a no-op.
    expect((await deliver(payload)).body).toEqual({ received: true, duplicate: true });
  });

  it('ends in the state Stripe holds when deleted arrives before updated', async () => {
    const user = await subscribed();
    await b.fake.holdWebhooks();
    await b.fake.setSubscriptionStatus(user.subscriptionId, 'past_due'); // → customer.subscription.updated
    await b.fake.setSubscriptionStatus(user.subscriptionId, 'canceled'); // → customer.subscription.deleted
    const held = await b.fake.heldEvents();
    const deleted = held.find((e) => e.type === 'customer.subscription.deleted')!;
    await b.fake.releaseWebhooks([deleted.id]); // deleted first, then the stale updated
    await b.fake.idle();
    const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
    expect(account.status).toBe('canceled');
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).body.claims.plan).toBe('free');
  });
});

describe('when Stripe fails', () => {
  it('a webhook answers 5xx so Stripe retries, and the retry does the work', async () => {
    const user = await subscribed();
    const payload = eventPayload('evt_retry_1', 'customer.subscription.updated', { id: user.subscriptionId, customer: user.customerId });
    await b.fake.failNext(1, 500, 'GET /v1/subscriptions');
    const first = await deliver(payload);
    expect(first.status).toBeGreaterThanOrEqual(500);
    expect((await b.app.deps.orm.em.fork().findOneOrFail(StripeWebhookEvent, { id: 'evt_retry_1' })).status).toBe('failed');
    const retry = await deliver(payload);
    expect(retry.status).toBe(200);
    expect((await b.app.deps.orm.em.fork().findOneOrFail(StripeWebhookEvent, { id: 'evt_retry_1' })).attempts).toBe(2);
  });

  it('entitlements are served from our copy when a stale re-read fails or times out: nobody is downgraded', async () => {
    const user = await subscribed();
    const age = () => b.app.deps.orm.em.fork().nativeUpdate(BillingAccount, { user: user.userId }, { verifiedAt: new Date(Date.now() - 5 * 3_600_000) });

    await age();
    await b.fake.failNext(5, 500);
    const failing = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(failing.status).toBe(200);
    expect(failing.body.claims.plan).toBe('premium');
    await b.fake.clearFaults();

    await age();
    await b.fake.hang(3000);
    const started = performance.now();
    const hanging = await api.get('/api/entitlements', user.tokens.accessToken);
    expect(hanging.status).toBe(200);
    expect(hanging.body.claims.plan).toBe('premium');
    expect(performance.now() - started).toBeLessThan(2500); // STRIPE_TIMEOUT is 1 s here
    await b.fake.clearFaults();
  });
});

describe('catalog events', () => {
  it('a price update invalidates the plan cache', async () => {
    await api.get('/api/billing/plans');
    await b.fake.resetCalls();
    await api.get('/api/billing/plans');
    expect(await stripeCalls(b.fake, 'GET /v1/prices')).toBe(0);
    const res = await deliver(eventPayload('evt_price_upd', 'price.updated', { id: 'price_x', object: 'price' }));
    expect(res.status).toBe(200);
    await api.get('/api/billing/plans');
    expect(await stripeCalls(b.fake, 'GET /v1/prices')).toBe(1);
  });
});
