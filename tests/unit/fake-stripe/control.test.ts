import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFakeStripe, createFakeStripe, type FakeStripe } from '../../../tools/fake-stripe/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const root = join(import.meta.dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const main = join(root, 'tools/fake-stripe/main.ts');

let fake: FakeStripe;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  fake = await createFakeStripe({ webhooks: [{ url: receiver.url, secret: 'whsec_control' }] });
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
});

describe('fake Stripe controls over HTTP and the CLI', () => {
  it('drives the same controls from another process through /_control', async () => {
    const remote = connectFakeStripe(fake.url);
    const stripe = new Stripe(fake.secretKey, fake.clientConfig);
    const catalog = await remote.seedCatalog();
    const customer = await stripe.customers.create({ email: 'remote@example.com' });
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: catalog.yearlyPriceId, quantity: 1 }], success_url: 'http://app.test/ok?s={CHECKOUT_SESSION_ID}' });
    expect(await remote.pay(session.id)).toEqual({ redirectUrl: `http://app.test/ok?s=${session.id}` });
    const subId = (await stripe.checkout.sessions.retrieve(session.id)).subscription as string;
    expect((await remote.setSubscriptionStatus(subId, 'unpaid')).status).toBe('unpaid');
    const before = await remote.now();
    expect(await remote.advanceTime(3600)).toBeGreaterThanOrEqual(before + 3600);
    await remote.failNext(1, 500);
    await expect(stripe.customers.list()).rejects.toMatchObject({ statusCode: 500 });
    expect((await remote.calls())['GET /v1/customers']).toBe(1);
    const event = await remote.triggerEvent('customer.subscription.updated', subId, { status: 'active' });
    expect(event.data.object).toMatchObject({ id: subId, status: 'unpaid' });
    await remote.idle();
    expect(receiver.types().at(-1)).toBe('customer.subscription.updated');
    await expect(remote.setTime(before - 10)).rejects.toThrow(/only moves forward/);
    await remote.reset();
    expect(await remote.events()).toEqual([]);
  });

  it('main.ts refuses to start in production', () => {
    const r = spawnSync(tsx, [main], { env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing to start with NODE_ENV=production/);
  }, 30_000);

  it('main.ts starts on FAKE_STRIPE_PORT, seeds the catalog and prints the keys to use', async () => {
    const child = spawn(tsx, [main], {
      env: { ...process.env, NODE_ENV: 'development', FAKE_STRIPE_PORT: '0', FAKE_STRIPE_WEBHOOK_URL: receiver.url, FAKE_STRIPE_WEBHOOK_SECRET: 'whsec_cli' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('controls:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`CLI exited ${code}: ${out}`)));
      });
      expect(out).toContain('STRIPE_WEBHOOK_SECRET=whsec_cli');
      const key = /STRIPE_SECRET_KEY=(\S+)/.exec(out)![1]!;
      const port = Number(/STRIPE_API_PORT=(\d+)/.exec(out)![1]);
      const stripe = new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', telemetry: false, maxNetworkRetries: 0 });
      const prices = await stripe.prices.list({ lookup_keys: ['premium_monthly'] });
      expect(prices.data[0]).toMatchObject({ unit_amount: 499, currency: 'eur' });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
