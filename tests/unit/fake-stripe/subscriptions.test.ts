import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeStripe, type Catalog, type FakeStripe } from '../../../tools/fake-stripe/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const WEBHOOK_SECRET = 'whsec_test_fake_stripe_unit';
const DAY = 86_400;

let fake: FakeStripe;
let stripe: Stripe;
let receiver: Receiver;
let catalog: Catalog;

beforeAll(async () => {
  receiver = await startReceiver();
  fake = await createFakeStripe({ webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET }], webhookRetry: { attempts: 3, delaysMs: [20, 40] } });
  stripe = new Stripe(fake.secretKey, fake.clientConfig);
});
beforeEach(async () => {
  await fake.reset();
  catalog = await fake.seedCatalog();
});
afterEach(async () => {
  await fake.idle();
  receiver.received.length = 0;
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
});

/** What the backend does: customer, checkout session; then what the user does: Pay. */
async function subscribe(price = catalog.monthlyPriceId, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const customer = await stripe.customers.create({ email: 'musician@example.com', metadata: { userId: 'user-1' } });
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    customer: customer.id,
    line_items: [{ price, quantity: 1 }],
    success_url: 'http://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://app.test/billing/cancel',
    client_reference_id: 'user-1',
    metadata: { userId: 'user-1' },
    subscription_data: { metadata: { userId: 'user-1' } },
    ...extra,
  });
  const paid = await fetch(session.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'outcome=pay',
    redirect: 'manual',
  });
  const done = await stripe.checkout.sessions.retrieve(session.id);
  const sub = await stripe.subscriptions.retrieve(done.subscription as string);
  return { customer, session, paid, done, sub };
}

function verified(index: number): Stripe.Event {
  const r = receiver.received[index]!;
  return stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, WEBHOOK_SECRET);
}

describe('fake Stripe checkout, subscriptions and webhooks', () => {
  it('shows a pay page with Pay and Cancel, and paying creates an active subscription then redirects to success_url', async () => {
    const customer = await stripe.customers.create({ email: 'musician@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: catalog.monthlyPriceId, quantity: 1 }],
      success_url: 'http://app.test/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/cancel',
    });
    expect(session).toMatchObject({ object: 'checkout.session', status: 'open', payment_status: 'unpaid', mode: 'subscription', subscription: null, amount_total: 499, currency: 'eur' });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${fake.url}/c/pay/${session.id}`);
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('Pay 4.99 EUR');
    expect(html).toContain('href="http://app.test/cancel"');

    const { paid, done, sub } = await subscribe();
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://app.test/billing/success?session_id=${done.id}`);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', client_reference_id: 'user-1', url: null });
    expect(done.success_url).toContain('{CHECKOUT_SESSION_ID}'); // the template stays as given
    expect(sub).toMatchObject({ object: 'subscription', status: 'active', cancel_at_period_end: false, metadata: { userId: 'user-1' }, customer: done.customer });
    const item = sub.items.data[0]!;
    expect(item.price.id).toBe(catalog.monthlyPriceId);
    expect(item.current_period_start).toBe(sub.start_date);
    const start = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect((end.getUTCMonth() - start.getUTCMonth() + 12) % 12).toBe(1);
    expect('current_period_end' in sub).toBe(false); // moved to the items in current API versions

    const invoices = await stripe.invoices.list({ subscription: sub.id, expand: ['data.parent.subscription_details.subscription'] });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({ status: 'paid', amount_paid: 499, billing_reason: 'subscription_create', customer: done.customer });
    expect((invoices.data[0]!.parent!.subscription_details!.subscription as Stripe.Subscription).id).toBe(sub.id);
    expect(sub.latest_invoice).toBe(invoices.data[0]!.id);
  });

  it('a yearly price gives a one-year period; expand[] works on subscription lists', async () => {
    const { customer } = await subscribe(catalog.yearlyPriceId);
    const subs = await stripe.subscriptions.list({ customer: customer.id, status: 'all', expand: ['data.items.data.price.product', 'data.latest_invoice'] });
    const sub = subs.data[0]!;
    const item = sub.items.data[0]!;
    expect(new Date(item.current_period_end * 1000).getUTCFullYear() - new Date(item.current_period_start * 1000).getUTCFullYear()).toBe(1);
    expect((item.price.product as Stripe.Product).name).toBe('StageTracker Pro Premium');
    expect((sub.latest_invoice as Stripe.Invoice).amount_paid).toBe(4900);
  });

  it('delivers signed webhooks that stripe.webhooks.constructEvent accepts on the exact received bytes', async () => {
    const { sub, done } = await subscribe();
    await fake.idle();
    const types = receiver.types();
    expect(types).toEqual(['customer.created', 'customer.subscription.created', 'charge.succeeded', 'invoice.paid', 'invoice.payment_succeeded', 'checkout.session.completed']);
    for (let i = 0; i < types.length; i++) expect(verified(i).type).toBe(types[i]);
    const header = receiver.received[0]!.headers['stripe-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json; charset=utf-8');

    const completed = verified(5) as Stripe.CheckoutSessionCompletedEvent;
    expect(completed.data.object).toMatchObject({ id: done.id, subscription: sub.id, client_reference_id: 'user-1', status: 'complete' });
    expect(completed.api_version).toBe(Stripe.API_VERSION);
    const created = verified(1) as Stripe.CustomerSubscriptionCreatedEvent;
    expect(created.data.object.items.data[0]!.current_period_end).toBe(sub.items.data[0]!.current_period_end);

    // A changed byte, or the wrong secret, fails verification.
    const r = receiver.received[1]!;
    const rHeader = r.headers['stripe-signature'] as string;
    const tampered = Buffer.from(r.body.toString('utf8').replace('"status": "active"', '"status": "canceled"'));
    expect(tampered.equals(r.body)).toBe(false);
    expect(() => stripe.webhooks.constructEvent(tampered, rHeader, WEBHOOK_SECRET)).toThrow(/No signatures found/);
    expect(() => stripe.webhooks.constructEvent(r.body, rHeader, 'whsec_other')).toThrow();

    // The events are also in the API.
    expect((await stripe.events.retrieve(completed.id)).type).toBe('checkout.session.completed');
    expect((await stripe.events.list({ type: 'customer.subscription.*' })).data.map((e) => e.type)).toEqual(['customer.subscription.created']);
  });

  it('cancel_at_period_end sends .updated; passing the period end cancels it and sends .deleted', async () => {
    const { sub } = await subscribe();
    const end = sub.items.data[0]!.current_period_end;
    await fake.idle();
    receiver.received.length = 0;

    const scheduled = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: end, cancellation_details: { reason: 'cancellation_requested' } });
    await fake.idle();
    const updated = verified(0) as Stripe.CustomerSubscriptionUpdatedEvent;
    expect(updated.type).toBe('customer.subscription.updated');
    expect(updated.data.object.cancel_at_period_end).toBe(true);
    expect(updated.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    expect(updated.request?.id).toMatch(/^req_/);

    await fake.advanceTime(end - (await fake.now()) - 60);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    await fake.advanceTime(120);
    const canceled = await stripe.subscriptions.retrieve(sub.id);
    expect(canceled).toMatchObject({ status: 'canceled', ended_at: end });
    await fake.idle();
    expect(receiver.types()).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
    const deleted = verified(1);
    expect(deleted.created).toBe(end); // stamped with the fake clock at the moment it happened
    expect(deleted.request).toEqual({ id: null, idempotency_key: null });
    // Canceled subscriptions only show up with status=all (or canceled/ended).
    expect((await stripe.subscriptions.list({ customer: canceled.customer as string })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: canceled.customer as string, status: 'all' })).data).toHaveLength(1);
  });

  it('renews as the clock passes period ends: new periods, one paid invoice and invoice.paid per renewal', async () => {
    const { sub } = await subscribe();
    const firstEnd = sub.items.data[0]!.current_period_end;
    await fake.idle();
    receiver.received.length = 0;
    await fake.advanceTime(65 * DAY); // two renewals
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    const item = renewed.items.data[0]!;
    expect(renewed.status).toBe('active');
    expect(item.current_period_start).toBeGreaterThan(firstEnd);
    const invoices = await stripe.invoices.list({ customer: renewed.customer as string });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual(['subscription_cycle', 'subscription_cycle', 'subscription_create']);
    expect(invoices.data[0]!.lines.data[0]!.period).toEqual({ start: item.current_period_start, end: item.current_period_end });
    expect(renewed.latest_invoice).toBe(invoices.data[0]!.id);
    await fake.idle();
    expect(receiver.types().filter((t) => t === 'invoice.paid')).toHaveLength(2);
    expect(receiver.types().filter((t) => t === 'customer.subscription.updated')).toHaveLength(2);
  });

  it('a trial starts as trialing with a zero invoice and turns active with a paid invoice when it ends', async () => {
    const { sub, done } = await subscribe(catalog.monthlyPriceId, { subscription_data: { trial_period_days: 14, metadata: { userId: 'user-1' } } });
    expect(done.payment_status).toBe('no_payment_required');
    expect(sub).toMatchObject({ status: 'trialing', trial_end: sub.items.data[0]!.current_period_end });
    await fake.advanceTime(15 * DAY);
    const after = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('active');
    expect(after.latest_invoice).toMatchObject({ amount_paid: 499, billing_reason: 'subscription_cycle' });
  });

  it('resuming through the portal page and forced statuses send customer.subscription.updated', async () => {
    const { sub, customer } = await subscribe();
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://app.test/account' });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.url).toBe(`${fake.url}/p/session/${portal.id}`);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain('Cancel subscription');
    expect(page).toContain('href="http://app.test/account"');

    const form = (action: string) => fetch(`${portal.url}/subscriptions/${sub.id}/${action}`, { method: 'POST', redirect: 'manual' });
    expect((await form('cancel')).status).toBe(303);
    expect((await stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    expect(await (await fetch(portal.url)).text()).toContain('Renew subscription');
    await form('renew');
    expect((await stripe.subscriptions.retrieve(sub.id))).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });

    const pastDue = await fake.setSubscriptionStatus(sub.id, 'past_due');
    expect(pastDue.status).toBe('past_due');
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'past_due' })).data).toHaveLength(1);
    await fake.idle();
    const types = receiver.types();
    expect(types.slice(-3)).toEqual(['customer.subscription.updated', 'customer.subscription.updated', 'customer.subscription.updated']);

    await stripe.subscriptions.cancel(sub.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    await expect(stripe.subscriptions.update(sub.id, { cancel_at_period_end: true })).rejects.toMatchObject({ statusCode: 400 });
  });

  it('retries failed deliveries with backoff, and stops after the last attempt', async () => {
    receiver.failNext(2, 500);
    const event = await fake.triggerEvent('customer.subscription.trial_will_end', { id: 'sub_x', object: 'subscription' });
    await fake.idle();
    const mine = (await fake.deliveries()).filter((d) => d.eventId === event.id);
    expect(mine.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 500], [3, 200]]);
    expect(mine[1]!.at - mine[0]!.at).toBeGreaterThanOrEqual(15);

    receiver.failNext(5, 503);
    const lost = await fake.triggerEvent('invoice.upcoming', { id: 'in_x', object: 'invoice' });
    await fake.idle();
    expect((await fake.deliveries()).filter((d) => d.eventId === lost.id).map((d) => d.status)).toEqual([503, 503, 503]);
    receiver.failNext(0);
  });

  it('holds events and releases them in a chosen order; redelivers an event', async () => {
    const { sub } = await subscribe();
    await fake.idle();
    receiver.received.length = 0;
    await fake.holdWebhooks();
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await stripe.subscriptions.cancel(sub.id);
    expect((await fake.heldEvents()).map((e) => e.type)).toEqual(['customer.subscription.updated', 'customer.subscription.deleted']);
    await fake.idle(); // held events are not pending
    expect(receiver.received).toHaveLength(0);

    await fake.releaseWebhooks(['customer.subscription.deleted']);
    await fake.idle();
    expect(receiver.types()).toEqual(['customer.subscription.deleted', 'customer.subscription.updated']);

    const again = await fake.redeliver(verified(0).id);
    expect(again.map((d) => d.status)).toEqual([200]);
    expect(verified(2).id).toBe(verified(0).id);
    // Each delivery is signed afresh over its own bytes.
    expect(receiver.received[2]!.headers['stripe-signature']).toMatch(/^t=\d+,v1=/);
  });

  it('expires open checkout sessions after 24 hours', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: catalog.monthlyPriceId, quantity: 1 }], success_url: 'http://app.test/ok' });
    await fake.advanceTime(DAY + 1);
    expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'expired', url: null });
    const paid = await fetch(`${fake.url}/c/pay/${session.id}`, { method: 'POST', body: 'outcome=pay', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(paid.status).toBe(409);
    await fake.idle();
    expect(receiver.types()).toEqual(['checkout.session.expired']);
  });

  it('a session without a customer creates one from the email typed on the pay page', async () => {
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: catalog.monthlyPriceId, quantity: 1 }], success_url: 'http://app.test/ok' });
    expect(session.customer).toBeNull();
    const declined = await fetch(session.url!, { method: 'POST', body: 'outcome=decline', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await declined.text()).toContain('Your card was declined.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await fetch(session.url!, { method: 'POST', body: 'outcome=pay&email=new%40example.com', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['customer'] });
    expect((done.customer as Stripe.Customer).email).toBe('new@example.com');
    await fake.idle();
    expect(receiver.types()[0]).toBe('customer.created');
  });
});
