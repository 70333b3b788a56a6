import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeStripe, type FakeStripe } from '../../../tools/fake-stripe/index.ts';

let fake: FakeStripe;
let stripe: Stripe;

beforeAll(async () => {
  fake = await createFakeStripe();
  stripe = new Stripe(fake.secretKey, fake.clientConfig);
});
beforeEach(() => fake.reset());
afterAll(() => fake.close());

const customerCount = async () => (await stripe.customers.list({ limit: 100 })).data.length;

describe('fake Stripe failure injection and call counting', () => {
  it('failNext makes the SDK throw StripeAPIError 500, without side effects, then recovers', async () => {
    await fake.failNext(2);
    for (let i = 0; i < 2; i++) {
      const err = await stripe.customers.create({ email: 'x@example.com' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(err).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    }
    expect(await customerCount()).toBe(0);
    await stripe.customers.create({ email: 'x@example.com' });
    expect(await customerCount()).toBe(1);
  });

  it('failNext can target one endpoint and other statuses (429 → StripeRateLimitError)', async () => {
    await fake.failNext(1, 429, 'POST /v1/checkout/sessions');
    await stripe.customers.list(); // not matched: fine
    await expect(stripe.checkout.sessions.create({ mode: 'subscription' })).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it('an SDK with retries gets through a transient 500 by resending the same idempotent POST', async () => {
    const retrying = new Stripe(fake.secretKey, { ...fake.clientConfig, maxNetworkRetries: 2 });
    await fake.failNext(1, 503);
    const customer = await retrying.customers.create({ email: 'retry@example.com' });
    expect(customer.email).toBe('retry@example.com');
    expect((await fake.calls())['POST /v1/customers']).toBe(2);
    expect(await customerCount()).toBe(1);
  });

  it('hang makes the SDK time out; the call does not take effect unless hung after processing', async () => {
    await fake.hang(300);
    const err = await stripe.customers.create({ email: 'slow@example.com' }, { timeout: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((err as Error).message).toMatch(/timeout/);
    await new Promise((r) => setTimeout(r, 400)); // past the hang: still nothing happened
    expect(await customerCount()).toBe(0);

    // Stripe did it, the client never heard back: the same idempotency key gets the result.
    await fake.hang(300, { processed: true });
    await expect(stripe.customers.create({ email: 'slow@example.com' }, { timeout: 50, idempotencyKey: 'k-slow' })).rejects.toThrow(/timeout/);
    await expect.poll(customerCount).toBe(1);
    const retried = await stripe.customers.create({ email: 'slow@example.com' }, { idempotencyKey: 'k-slow' });
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(await customerCount()).toBe(1);
  });

  it('counts API calls by method and path, with a detailed log, and resets the counters', async () => {
    const c = await stripe.customers.create({ email: 'count@example.com' });
    await stripe.customers.retrieve(c.id);
    await stripe.customers.retrieve(c.id);
    await stripe.subscriptions.list({ customer: c.id, status: 'all' });
    expect(await fake.calls()).toEqual({
      'POST /v1/customers': 1,
      [`GET /v1/customers/${c.id}`]: 2,
      'GET /v1/subscriptions': 1,
    });
    const log = await fake.callLog();
    expect(log.at(-1)).toMatchObject({ method: 'GET', path: '/v1/subscriptions', query: `customer=${c.id}&status=all`, status: 200 });
    await fake.resetCalls();
    expect(await fake.calls()).toEqual({});
  });
});
