import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBillingTestApp, type BillingTestApp } from '../helpers/billing.ts';
import { runConvergence } from '../helpers/convergence.ts';

// Stripe's real delivery: concurrent, out of order, duplicated, answers lost and retried, with
// the API answering in 0-500 ms. The long form (200 lifecycles) is `npm run bench billing-convergence`.
let b: BillingTestApp;
beforeAll(async () => {
  b = await initBillingTestApp({ REQUIRE_EMAIL_VERIFICATION: 'false', STRIPE_TIMEOUT: '5s', RATE_LIMIT_REGISTER_PER_IP: '10000', RATE_LIMIT_LOGIN_PER_IP: '10000' });
});
afterAll(async () => {
  await b?.close();
});

describe('billing converges under real Stripe timing', () => {
  it('10 random lifecycles in parallel, latency 0-500 ms: the stored plan and a fresh entitlement equal Stripe after the last delivery', async () => {
    const seed = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 100_000);
    const outcomes = await runConvergence({ baseUrl: b.app.url, deps: b.app.deps, fake: b.fake, lifecycles: 10, parallel: 10, seed, latencyMs: [0, 500] });
    const deliveries = await b.fake.deliveries();
    // The conditions really were Stripe's: events arrived more than once (duplicated or retried).
    expect(new Set(deliveries.map((d) => d.eventId)).size).toBeLessThan(deliveries.length);
    const failed = outcomes.filter((o) => !o.converged);
    expect(failed, `seed ${seed}: ${failed.map((f) => `${f.seed} ${f.steps.join('>')}: ${f.mismatch}`).join('\n')}`).toEqual([]);
    expect(outcomes).toHaveLength(10);
  }, 120_000);
});
