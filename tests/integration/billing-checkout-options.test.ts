import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, type BillingTestApp } from '../helpers/billing.ts';
import { ConfigError, loadConfig } from '../../backend/src/config.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';

// STRIPE_ALLOW_PROMOTION_CODES and STRIPE_AUTOMATIC_TAX reach the checkout session as Stripe
// expects them; the fake Stripe records them and refuses them where Stripe would.
const apps: BillingTestApp[] = [];
let off: BillingTestApp;
let on: BillingTestApp;
beforeAll(async () => {
  [off, on] = await Promise.all([initBillingTestApp(), initBillingTestApp({ STRIPE_ALLOW_PROMOTION_CODES: 'true', STRIPE_AUTOMATIC_TAX: 'true' })]);
  apps.push(off, on);
});
afterAll(() => Promise.all(apps.map((b) => b.close())));

async function checkoutAndPay(b: BillingTestApp) {
  const user = await signedInUser(b.app);
  const api = client(b.app.url);
  const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
  expect(checkout.status).toBe(200);
  const session = b.fake.store.checkoutSessions.require(checkout.body.id);
  const plan = b.fake.store.checkoutPlans.get(checkout.body.id)!;
  await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
  const customer = b.fake.store.customers.require(account.stripeCustomerId);
  const subscription = b.fake.store.subscriptions.require(account.subscriptionId!);
  const plan2 = (await api.get('/api/billing/subscription', user.tokens.accessToken)).body.plan;
  return { session, plan, customer, subscription, userPlan: plan2 };
}

describe('checkout options', () => {
  it('off by default: no promotion code field, no automatic tax, the customer is not updated', async () => {
    const r = await checkoutAndPay(off);
    expect(r.session.allow_promotion_codes).toBeNull();
    expect(r.session.automatic_tax.enabled).toBe(false);
    expect(r.plan.customerUpdate).toBeNull();
    expect(r.subscription.automatic_tax.enabled).toBe(false);
    expect(r.userPlan).toBe('premium');
  });

  it('on: promotion codes allowed, automatic tax with the address entered in Checkout saved to the existing customer', async () => {
    const r = await checkoutAndPay(on);
    expect(r.session.allow_promotion_codes).toBe(true);
    expect(r.session.automatic_tax.enabled).toBe(true);
    expect(r.plan.customerUpdate).toEqual({ address: 'auto', name: 'auto' });
    expect(r.subscription.automatic_tax.enabled).toBe(true);
    expect(r.customer).toMatchObject({ address: { country: 'DE' } });
    expect(r.userPlan).toBe('premium');
  });
});

describe('the fake Stripe checks them as Stripe does', () => {
  const base = (b: BillingTestApp) => ({
    mode: 'subscription' as const,
    line_items: [{ price: b.fake.store.prices.all().find((p) => p.lookup_key === 'premium_monthly')!.id, quantity: 1 }],
    success_url: 'http://127.0.0.1/ok',
  });

  it('refuses automatic tax for an existing customer without an address unless Checkout may save one', async () => {
    const stripe = off.app.deps.stripe!.api;
    const customer = await stripe.customers.create({ email: 'tax@example.com' });
    const refused = await stripe.checkout.sessions.create({ ...base(off), customer: customer.id, automatic_tax: { enabled: true } }).catch((e: Error & { param?: string }) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toMatch(/Automatic tax calculation in Checkout requires a valid address on the Customer/);
    expect((refused as { param?: string }).param).toBe('automatic_tax[enabled]');
    const accepted = await stripe.checkout.sessions.create({ ...base(off), customer: customer.id, automatic_tax: { enabled: true }, customer_update: { address: 'auto' } });
    expect(accepted.automatic_tax.enabled).toBe(true);
  });

  it('refuses customer_update without a customer, and promotion codes together with discounts', async () => {
    const stripe = off.app.deps.stripe!.api;
    await expect(stripe.checkout.sessions.create({ ...base(off), customer_update: { address: 'auto' } })).rejects.toThrow(/`customer_update` can only be used with `customer`/);
    await expect(stripe.checkout.sessions.create({ ...base(off), allow_promotion_codes: true, discounts: [{ coupon: 'SPRING' }] })).rejects.toThrow(
      /only specify one of these parameters: allow_promotion_codes, discounts/,
    );
  });
});

describe('settings', () => {
  it('refuses a value that is not a boolean, naming the setting', () => {
    const load = (value: string) => () => loadConfig({ NODE_ENV: 'test', STRIPE_AUTOMATIC_TAX: value, STRIPE_ALLOW_PROMOTION_CODES: 'yes' });
    const err = (() => {
      try {
        load('maybe')();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'STRIPE_ALLOW_PROMOTION_CODES: must be true or false (or 1 or 0)',
      'STRIPE_AUTOMATIC_TAX: must be true or false (or 1 or 0)',
    ]);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '/nonexistent', STRIPE_AUTOMATIC_TAX: '1', STRIPE_ALLOW_PROMOTION_CODES: 'false' }).stripe).toMatchObject({ automaticTax: true, allowPromotionCodes: false });
  });
});
