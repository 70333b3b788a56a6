import { audit } from '../audit/service.ts';
import type { BillingDeps } from './deps.ts';
import { BillingAccount } from './entity.ts';
import { syncCustomer } from './sync.ts';

export interface ReconcileResult {
  checked: number;
  changed: number;
  failed: number;
  ms: number;
}

/** Accounts claimed per statement, and how long a claim keeps other instances off them. */
const BATCH = 50;
const LEASE_MS = 10 * 60_000;

const fingerprint = (a: BillingAccount) =>
  `${a.status}|${a.currentPeriodEnd?.getTime()}|${a.cancelAtPeriodEnd}|${a.revokedReason ?? ''}`;

/**
 * Claims up to BATCH stale accounts in one short statement (a lease, `FOR UPDATE SKIP LOCKED`), so
 * instances running the job at once share the work and nothing is held while Stripe is called.
 */
async function claimStale(deps: BillingDeps, cutoff: Date): Promise<BillingAccount[]> {
  const now = deps.now();
  const rows = await deps.orm.em.fork().getConnection().execute<{ id: string }[]>(
    `update billing_accounts set reconcile_lease_until = ? where id in (
       select id from billing_accounts
        where (verified_at is null or verified_at < ?) and (reconcile_lease_until is null or reconcile_lease_until < ?)
        order by verified_at asc nulls first limit ? for update skip locked)
     returning id`,
    [new Date(now.getTime() + LEASE_MS), cutoff, now, BATCH],
  );
  if (rows.length === 0) return [];
  return deps.orm.em.fork().find(BillingAccount, { id: { $in: rows.map((r) => r.id) } }, { orderBy: { verifiedAt: 'asc' } });
}

/**
 * Re-reads every subscription copy older than SUBSCRIPTION_VERIFY_HOURS from Stripe, paced so
 * this instance sends at most STRIPE_MAX_RPS requests a second (Stripe allows 25/s in test mode,
 * 100/s live), with no transaction or lock held across a Stripe call. Leaves one audit entry per
 * run with its counts. Returns null when every stale account is already claimed by another
 * instance's run.
 */
export async function reconcileSubscriptions(deps: BillingDeps, opts: { sleep?: (ms: number) => Promise<void> } = {}): Promise<ReconcileResult | null> {
  const stripe = deps.stripe;
  if (!stripe) return null;
  const started = performance.now();
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const perCallMs = 1000 / deps.config.stripe.maxRequestsPerSecond;
  const cutoff = new Date(deps.now().getTime() - deps.config.subscriptionVerifyMs);
  let checked = 0;
  let changed = 0;
  let failed = 0;
  for (let batch = await claimStale(deps, cutoff); batch.length; batch = await claimStale(deps, cutoff)) {
    for (const account of batch) {
      const before = fingerprint(account);
      const callsBefore = stripe.calls();
      const t0 = performance.now();
      try {
        const after = await syncCustomer(deps, account.stripeCustomerId, 'reconcile');
        if (after && fingerprint(after) !== before) changed++;
      } catch (err) {
        failed++;
        deps.log.warn({ err: (err as Error).message, customerId: account.stripeCustomerId }, 'reconcile: customer not re-read');
      }
      checked++;
      // Pace by the calls this sync really made (one to three per customer).
      const owed = (stripe.calls() - callsBefore) * perCallMs - (performance.now() - t0);
      if (owed > 0) await sleep(owed);
    }
  }
  if (checked === 0) {
    const claimedElsewhere = await deps.orm.em.fork().count(BillingAccount, {
      $or: [{ verifiedAt: null }, { verifiedAt: { $lt: cutoff } }],
      reconcileLeaseUntil: { $gte: deps.now() },
    });
    if (claimedElsewhere > 0) return null;
  }
  const result = { checked, changed, failed, ms: Math.round(performance.now() - started) };
  await audit(deps.orm.em, null, { action: 'job.reconcile_subscriptions', category: 'business', severity: failed ? 'warning' : 'info', metadata: { ...result } });
  return result;
}

/** Runs the job every RECONCILE_INTERVAL; returns a stop function. */
export function scheduleReconciliation(deps: BillingDeps): () => void {
  const timer = setInterval(() => {
    reconcileSubscriptions(deps).catch((err) => deps.log.error({ err }, 'reconcile job failed'));
  }, deps.config.reconcileIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
