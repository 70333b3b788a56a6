import Stripe from 'stripe';
import { createFakeStripe } from '../tools/fake-stripe/index.ts';
import { startBackend } from '../backend/src/server.ts';
import type { Figure } from './report.ts';
import { simulateDay } from './simulated-day.ts';

const WEBHOOK_SECRET = 'whsec_bench_stagetracker';
const json = { 'content-type': 'application/json' };

/** A backend in this process on `databaseUrl`, wired to a fresh fake Stripe (catalog seeded, webhooks signed). */
export async function startBillingBackend(databaseUrl: string, env: Record<string, string> = {}) {
  const fake = await createFakeStripe();
  await fake.seedCatalog();
  const backend = await startBackend({
    databaseUrl,
    port: 0,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      BCRYPT_COST: '4',
      REQUIRE_EMAIL_VERIFICATION: 'false',
      RATE_LIMIT_REGISTER_PER_IP: '1000000',
      RATE_LIMIT_LOGIN_PER_IP: '1000000',
      STRIPE_SECRET_KEY: fake.secretKey,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: fake.url,
      STRIPE_MAX_RPS: '100',
      ...env,
    },
  });
  backend.deps.config.publicUrl = backend.url;
  await fake.addWebhookEndpoint({ url: `${backend.url}/api/webhooks/stripe`, secret: WEBHOOK_SECRET });
  return { fake, backend };
}

const describeRequests = (requests: Record<string, number>) =>
  Object.entries(requests)
    .map(([path, n]) => `${n} ${path}`)
    .join(', ');

/**
 * Billing figures on a backend in this process, wired to the fake Stripe: Stripe calls per
 * subscriber over a simulated day (target ≤ 12; a re-read is two calls), the hit ratio of every
 * cache key family that day reads, and webhook throughput with 30% duplicate deliveries.
 */
export async function billingFigures(databaseUrl: string, subscribers = 20): Promise<Figure[]> {
  const { fake, backend } = await startBillingBackend(databaseUrl);
  try {
    const users: { token: string; customer: string; subscription: string }[] = [];
    for (let i = 0; i < subscribers; i++) {
      const email = `bench.billing.${Date.now()}.${i}@example.com`;
      await fetch(`${backend.url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'Correct-Horse-42' }) });
      // As the extension signs in: as a device (a deviceless session gets no entitlement).
      const device = { id: `bench-device-${i}`, name: 'Stage laptop' };
      const login = (await (await fetch(`${backend.url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'Correct-Horse-42', device, client: 'extension' }) })).json()) as { accessToken: string };
      const checkout = (await (
        await fetch(`${backend.url}/api/billing/create-checkout-session`, { method: 'POST', headers: { ...json, authorization: `Bearer ${login.accessToken}` }, body: JSON.stringify({ price: 'premium_monthly' }) })
      ).json()) as { id: string };
      await fake.pay(checkout.id);
      users.push({ token: login.accessToken, customer: '', subscription: '' });
    }
    await fake.idle();
    const day = await simulateDay({ baseUrl: backend.url, deps: backend.deps, fake, tokens: users.map((u) => u.token) });

    // Webhooks: 70% new events, 30% redeliveries of events already handled, 16 at a time.
    const subs = (await fake.events()).filter((e) => e.type === 'customer.subscription.created').map((e) => e.data.object as unknown as { id: string; customer: string });
    const sdk = new Stripe('sk_test_unused', { telemetry: false });
    const payloads: string[] = [];
    const total = 1000;
    for (let i = 0; i < total; i++) {
      const duplicate = i > 10 && i % 10 < 3;
      if (duplicate) {
        payloads.push(payloads[Math.floor(Math.random() * payloads.length)]!);
        continue;
      }
      const sub = subs[i % subs.length]!;
      payloads.push(
        JSON.stringify({ id: `evt_bench_${i}`, object: 'event', type: 'customer.subscription.updated', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), data: { object: { id: sub.id, object: 'subscription', customer: sub.customer } }, livemode: false, pending_webhooks: 1, request: null }),
      );
    }
    let next = 0;
    const statuses: Record<number, number> = {};
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < payloads.length) {
          const payload = payloads[next++]!;
          const res = await fetch(`${backend.url}/api/webhooks/stripe`, {
            method: 'POST',
            headers: { ...json, 'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
            body: payload,
          });
          await res.arrayBuffer();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const failed = Object.entries(statuses).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    return [
      { group: 'billing', name: `Stripe calls per subscriber over a simulated day (${day.subscribers} subscribers; ${describeRequests(day.requests)}; a re-read is 2 calls)`, value: day.callsPerSubscriber, unit: 'calls', target: '≤ 12', pass: day.callsPerSubscriber <= 12 },
      { group: 'billing', name: 'catalog reads from Stripe over the day (shared by all subscribers; 1-hour TTL)', value: day.catalogCalls, unit: 'calls', target: '≤ 25', pass: day.catalogCalls <= 25 },
      ...Object.entries(day.cacheByKey).map(([key, s]): Figure => ({
        group: 'billing',
        name: `Stripe data cache hit ratio, ${key} (${s.hits + s.misses} reads over the simulated day)`,
        value: s.hitRatio * 100,
        unit: '%',
      })),
      ...Object.entries(day.hotByFamily).map(([family, s]): Figure => ({
        group: 'billing',
        name: `hot cache hit ratio, ${family}:* keys (${s.hits + s.misses} lookups over the simulated day)`,
        value: s.hitRatio * 100,
        unit: '%',
      })),
      { group: 'billing', name: `webhook throughput, ${total} deliveries with 30% duplicates (16 concurrent)`, value: total / seconds, unit: 'events/s' },
      { group: 'billing', name: 'webhook deliveries answered 5xx', value: failed, unit: '', target: '0', pass: failed === 0 },
    ];
  } finally {
    await backend.close();
    await fake.close();
  }
}
