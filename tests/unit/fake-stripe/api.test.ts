import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeStripe, type Catalog, type FakeStripe } from '../../../tools/fake-stripe/index.ts';

let fake: FakeStripe;
let stripe: Stripe;
let catalog: Catalog;

beforeAll(async () => {
  fake = await createFakeStripe();
  stripe = new Stripe(fake.secretKey, fake.clientConfig);
});
beforeEach(async () => {
  await fake.reset();
  catalog = await fake.seedCatalog();
});
afterAll(() => fake.close());

const raw = (path: string, init: RequestInit = {}) => fetch(`${fake.url}${path}`, init);

describe('fake Stripe API through the official SDK', () => {
  it('seeds the Premium catalog and lists prices by lookup key with the product expanded', async () => {
    const prices = await stripe.prices.list({ lookup_keys: ['premium_monthly', 'premium_yearly'], active: true, expand: ['data.product'] });
    expect(prices.object).toBe('list');
    expect(prices.url).toBe('/v1/prices');
    const byKey = Object.fromEntries(prices.data.map((p) => [p.lookup_key, p]));
    expect(byKey.premium_monthly).toMatchObject({ id: catalog.monthlyPriceId, unit_amount: 499, currency: 'eur', recurring: { interval: 'month', interval_count: 1 } });
    expect(byKey.premium_yearly).toMatchObject({ id: catalog.yearlyPriceId, unit_amount: 4900, recurring: { interval: 'year' } });
    const product = byKey.premium_monthly!.product as Stripe.Product;
    expect(product).toMatchObject({ id: catalog.productId, object: 'product', name: 'StageTracker Pro Premium', active: true, default_price: catalog.monthlyPriceId });
    // Seeding again finds the same catalog instead of duplicating it.
    expect(await fake.seedCatalog()).toEqual(catalog);
    expect((await stripe.products.list()).data).toHaveLength(1);
  });

  it('updates prices and products and archives them, with price.updated / product.updated events', async () => {
    const archived = await stripe.prices.update(catalog.yearlyPriceId, { active: false, metadata: { reason: 'test' } });
    expect(archived.active).toBe(false);
    expect((await stripe.prices.list({ active: true })).data.map((p) => p.id)).toEqual([catalog.monthlyPriceId]);
    await stripe.products.update(catalog.productId, { name: 'Premium' });
    const events = await stripe.events.list({ types: ['price.updated', 'product.updated'] });
    expect(events.data.map((e) => e.type)).toEqual(['product.updated', 'price.updated']);
    const priceEvent = events.data[1] as Stripe.PriceUpdatedEvent;
    expect(priceEvent.data.previous_attributes).toMatchObject({ active: true, metadata: {} });
    await expect(stripe.prices.create({ currency: 'eur', unit_amount: 100, product: catalog.productId, lookup_key: 'premium_monthly' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'lookup_key',
    });
  });

  it('creates customers, finds them by exact email, updates metadata and hides deleted ones', async () => {
    const a = await stripe.customers.create({ email: 'ana@example.com', name: 'Ana', metadata: { userId: 'u-1' } });
    await stripe.customers.create({ email: 'ben@example.com' });
    expect(a).toMatchObject({ object: 'customer', email: 'ana@example.com', metadata: { userId: 'u-1' }, livemode: false });
    expect(a.id).toMatch(/^cus_/);
    expect(a.created).toBeGreaterThan(1_700_000_000); // unix seconds
    expect(a.created).toBeLessThan(4_000_000_000);

    const found = await stripe.customers.list({ email: 'ana@example.com' });
    expect(found.data.map((c) => c.id)).toEqual([a.id]);
    expect((await stripe.customers.list({ email: 'ANA@example.com' })).data).toHaveLength(0);

    const updated = await stripe.customers.update(a.id, { metadata: { userId: '', plan: 'premium' } });
    expect(updated.metadata).toEqual({ plan: 'premium' });

    const deleted = await stripe.customers.del(a.id);
    expect(deleted).toEqual({ id: a.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(a.id)).toMatchObject({ deleted: true });
    expect((await stripe.customers.list({ email: 'ana@example.com' })).data).toHaveLength(0);
  });

  it('paginates newest first with limit and starting_after, and auto-pagination walks every page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await stripe.customers.create({ email: `c${i}@example.com` })).id);
    const newestFirst = [...ids].reverse();
    const page1 = await stripe.customers.list({ limit: 3 });
    expect(page1.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 3));
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.customers.list({ limit: 3, starting_after: page1.data.at(-1)!.id });
    expect(page2.data.map((c) => c.id)).toEqual(newestFirst.slice(3, 6));
    const back = await stripe.customers.list({ limit: 3, ending_before: page2.data[0]!.id });
    expect(back.data.map((c) => c.id)).toEqual(newestFirst.slice(0, 3));
    const all: string[] = [];
    for await (const c of stripe.customers.list({ limit: 2 })) all.push(c.id);
    expect(all).toEqual(newestFirst);
    await expect(stripe.customers.list({ limit: 101 })).rejects.toMatchObject({ statusCode: 400, param: 'limit' });
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with other parameters', async () => {
    const first = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    const again = await stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.customers.list({ email: 'idem@example.com' })).data).toHaveLength(1);
    await expect(stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'key-1' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    });
  });

  it("answers Stripe's error shapes: 401 without or with a wrong key, 404 resource_missing, 400 for bad params", async () => {
    const noKey = await raw('/v1/customers');
    expect(noKey.status).toBe(401);
    const body = (await noKey.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^You did not provide an API key/);

    const basic = await raw('/v1/customers', { headers: { authorization: `Basic ${Buffer.from(`${fake.secretKey}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);

    await expect(new Stripe('sk_test_wrong_key_123456', fake.clientConfig).customers.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
    await expect(stripe.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
      message: "No such subscription: 'sub_missing'",
    });
    await expect(stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: 'price_missing', quantity: 1 }], success_url: 'http://x.test/ok' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'line_items[0][price]',
    });
    await expect(stripe.customers.create({ email: 'x@example.com', colour: 'red' } as Stripe.CustomerCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'colour',
    });
    const unknownUrl = await raw('/v1/charges_typo', { headers: { authorization: `Bearer ${fake.secretKey}` } });
    expect(unknownUrl.status).toBe(404);
    expect(((await unknownUrl.json()) as { error: { message: string } }).error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/charges_typo\)/);
  });

  it('expands nested ids and refuses to expand what is not an object id', async () => {
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: catalog.monthlyPriceId, quantity: 1 }],
      success_url: 'http://x.test/ok',
    });
    const withCustomer = await stripe.checkout.sessions.retrieve(session.id, { expand: ['customer', 'line_items'] });
    expect((withCustomer.customer as Stripe.Customer).email).toBe('x@example.com');
    expect(withCustomer.line_items?.data[0]).toMatchObject({ object: 'item', amount_total: 499, quantity: 1, price: { id: catalog.monthlyPriceId } });
    expect(withCustomer.subscription).toBeNull();
    await expect(stripe.checkout.sessions.retrieve(session.id, { expand: ['currency'] })).rejects.toMatchObject({ statusCode: 400, param: 'expand' });
  });
});
