import type { Deps } from '../backend/src/deps.ts';
import { reconcileSubscriptions } from '../backend/src/modules/billing/reconcile.ts';
import type { FakeStripe } from '../tools/fake-stripe/index.ts';

export interface SimulatedDay {
  subscribers: number;
  /** Stripe calls about one customer (re-reads), per subscriber per day. */
  callsPerSubscriber: number;
  /** Catalog reads, shared by every subscriber (about one per hour per instance). */
  catalogCalls: number;
  allCalls: Record<string, number>;
  /** The Stripe data cache over all its keys, and per key. */
  cacheHitRatio: number;
  cacheByKey: Record<string, { hits: number; misses: number; hitRatio: number }>;
  /** The per-instance hot cache (entitlement:<user>, session:<user>:<session>), per key family. */
  hotByFamily: Record<string, { hits: number; misses: number; hitRatio: number }>;
}

/**
 * 24 hours of a realistic request mix on a backend whose clock (deps.now) is moved in
 * 15-minute steps: every open player refreshes its entitlement every 15 minutes, every
 * musician opens the account panel (plans + subscription) once an hour, and the
 * reconciliation job runs every 4 hours. Used by the integration test and by npm run bench.
 */
export async function simulateDay(opts: { baseUrl: string; deps: Deps; fake: FakeStripe; tokens: string[] }): Promise<SimulatedDay> {
  const { baseUrl, deps, fake, tokens } = opts;
  const get = (path: string, token?: string) => fetch(baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then((r) => r.arrayBuffer());
  const start = Date.now();
  let offset = 0;
  const realNow = deps.now;
  deps.now = () => new Date(start + offset);
  await fake.resetCalls();
  deps.cache.resetStats();
  deps.hot.resetStats();
  try {
    for (let minute = 0; minute < 24 * 60; minute += 15) {
      offset = minute * 60_000;
      await Promise.all(
        tokens.map(async (token) => {
          await get('/api/entitlements', token);
          if (minute % 60 === 0) {
            await get('/api/billing/plans');
            await get('/api/billing/subscription', token);
          }
        }),
      );
      if (minute > 0 && minute % 240 === 0) await reconcileSubscriptions(deps, { sleep: async () => {} });
    }
  } finally {
    deps.now = realNow;
  }
  const allCalls = await fake.calls();
  const catalogCalls = allCalls['GET /v1/prices'] ?? 0;
  const customerCalls = Object.values(allCalls).reduce((s, n) => s + n, 0) - catalogCalls;
  return {
    subscribers: tokens.length,
    callsPerSubscriber: customerCalls / tokens.length,
    catalogCalls,
    allCalls,
    cacheHitRatio: deps.cache.stats().hitRatio,
    cacheByKey: deps.cache.stats().byKey,
    hotByFamily: deps.hot.stats(),
  };
}
