import { runConvergence } from '../tests/helpers/convergence.ts';
import { startBillingBackend } from './billing.ts';
import type { Figure } from './report.ts';

/**
 * The long form of the billing convergence property (the integration test runs 10): seeded random
 * lifecycles (active, cancel at period end, resumed, past_due, recovered, refunded, disputes won
 * and lost, cancelled), 10 in parallel, the fake Stripe answering in 0-500 ms and delivering
 * webhooks concurrently, out of order, duplicated and retried. A lifecycle converged within one
 * delivery when, after its last delivery and with no further event or re-read, the stored copy
 * and a freshly issued entitlement equal Stripe's state.
 */
export async function convergenceFigures(databaseUrl: string, lifecycles: number): Promise<Figure[]> {
  const { fake, backend } = await startBillingBackend(databaseUrl, { STRIPE_TIMEOUT: '5s' });
  try {
    const seed = Number(process.env.CONVERGENCE_SEED ?? Date.now() % 100_000);
    const started = performance.now();
    const outcomes = await runConvergence({ baseUrl: backend.url, deps: backend.deps, fake, lifecycles, parallel: 10, seed, latencyMs: [0, 500] });
    const converged = outcomes.filter((o) => o.converged).length;
    for (const o of outcomes.filter((x) => !x.converged)) console.error(`[bench] billing-convergence: seed ${o.seed} (${o.steps.join(' > ')}) did not converge: ${o.mismatch}`);
    const deliveries = await fake.deliveries();
    const pct = (converged / outcomes.length) * 100;
    return [
      { group: 'billing-convergence', name: `lifecycles converged within one delivery (${outcomes.length}, seed ${seed}, 10 in parallel, Stripe latency 0-500 ms)`, value: pct, unit: '%', target: '100', pass: pct === 100 },
      { group: 'billing-convergence', name: 'webhook delivery attempts (concurrent, 15% duplicated, 5% answers lost and retried)', value: deliveries.length, unit: '' },
      { group: 'billing-convergence', name: 'time for all lifecycles', value: (performance.now() - started) / 1000, unit: 's' },
    ];
  } finally {
    await backend.close();
    await fake.close();
  }
}
