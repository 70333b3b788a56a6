import type { Deps } from '../backend/src/deps.ts';
import { reconcileSubscriptions } from '../backend/src/modules/billing/reconcile.ts';
import type { FakeStripe } from '../tools/fake-stripe/index.ts';
import { Random } from '../tools/fake-stripe/random.ts';

type Ratio = { hits: number; misses: number; hitRatio: number };

export interface SimulatedDay {
  subscribers: number;
  /** Requests sent over the day, per route. */
  requests: Record<string, number>;
  /** Stripe calls about one customer (re-reads), per subscriber per day. */
  callsPerSubscriber: number;
  /** Catalog reads, shared by every subscriber (at most one per hour per instance). */
  catalogCalls: number;
  allCalls: Record<string, number>;
  /** The Stripe data cache over all its keys, and per key actually read that day. */
  cacheHitRatio: number;
  cacheByKey: Record<string, Ratio>;
  /** The per-instance hot cache (entitlement:<user>:<device>, session:<user>:<session>), per key family. */
  hotByFamily: Record<string, Ratio>;
}

const MINUTE = 60_000;
/** The extension's background refresh of the entitlement. */
const ALARM_MS = 15 * MINUTE;
/** The extension refreshes on window focus at most this often (extension/account/model.ts). */
const FOCUS_GAP_MS = 10_000;

interface Request {
  at: number;
  path: string;
  token: string | undefined;
}

/**
 * The requests of one musician's day with the extension, from what it actually sends: the
 * background alarm refreshes the entitlement every 15 minutes all day; during one 3-hour
 * practice (starting between 09:00 and 20:00) the player window regains focus every 1-10 minutes
 * and refreshes quietly (at most every 10 s); the account panel (price list and plan) is opened at
 * the start of practice and once more during it.
 */
function musicianDay(token: string, random: Random): Request[] {
  const out: Request[] = [];
  // Every device's alarm on one grid, so they go out together (their cache keys are per device, so
  // the phase changes no hit; only the phase against this device's focus refreshes does, and those are random).
  for (let at = 0; at < 24 * 60 * MINUTE; at += ALARM_MS) out.push({ at, path: '/api/entitlements', token });
  const start = random.between(9 * 60, 20 * 60) * MINUTE;
  const end = start + 180 * MINUTE;
  let lastFocus = -Infinity;
  for (let at = start + random.between(1, 10) * MINUTE; at < end; at += random.between(60, 600) * 1000) {
    if (at - lastFocus < FOCUS_GAP_MS) continue;
    lastFocus = at;
    out.push({ at, path: '/api/entitlements', token });
  }
  for (const at of [start, start + random.between(30, 170) * MINUTE]) {
    out.push({ at, path: '/api/billing/plans', token: undefined });
    out.push({ at: at + 1000, path: '/api/billing/subscription', token });
  }
  return out;
}

/**
 * 24 hours of that request mix for every token (one signed-in device each), on a backend whose
 * clock (deps.now, which the caches' TTLs and plan decisions follow) is moved to each request's
 * time; the reconciliation job runs every 4 hours. Requests at the same instant go out together.
 * Used by the integration test and by npm run bench.
 */
export async function simulateDay(opts: { baseUrl: string; deps: Deps; fake: FakeStripe; tokens: string[]; seed?: number }): Promise<SimulatedDay> {
  const { baseUrl, deps, fake, tokens } = opts;
  const random = new Random(opts.seed ?? 20261202);
  const timeline = tokens.flatMap((token) => musicianDay(token, random));
  for (let at = 4 * 60 * MINUTE; at < 24 * 60 * MINUTE; at += 4 * 60 * MINUTE) timeline.push({ at, path: 'reconcile', token: undefined });
  timeline.sort((a, b) => a.at - b.at);
  const requests: Record<string, number> = {};

  const start = Date.now();
  let offset = 0;
  const realNow = deps.now;
  deps.now = () => new Date(start + offset);
  await fake.resetCalls();
  deps.cache.resetStats();
  deps.hot.resetStats();
  try {
    for (let i = 0; i < timeline.length; ) {
      offset = timeline[i]!.at;
      const batch: Request[] = [];
      while (i < timeline.length && timeline[i]!.at === offset) batch.push(timeline[i++]!);
      await Promise.all(
        batch.map(async ({ path, token }) => {
          if (path === 'reconcile') return reconcileSubscriptions(deps, { sleep: async () => {} });
          requests[path] = (requests[path] ?? 0) + 1;
          const res = await fetch(baseUrl + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`simulated day: ${path} answered ${res.status}`);
        }),
      );
    }
  } finally {
    deps.now = realNow;
  }
  const allCalls = await fake.calls();
  const catalogCalls = allCalls['GET /v1/prices'] ?? 0;
  const customerCalls = Object.values(allCalls).reduce((s, n) => s + n, 0) - catalogCalls;
  return {
    subscribers: tokens.length,
    requests,
    callsPerSubscriber: customerCalls / tokens.length,
    catalogCalls,
    allCalls,
    cacheHitRatio: deps.cache.stats().hitRatio,
    cacheByKey: deps.cache.stats().byKey,
    hotByFamily: deps.hot.stats(),
  };
}
