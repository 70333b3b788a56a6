import { audit } from '../audit/service.ts';
import type { BillingDeps } from './deps.ts';
import { BillingAccount } from './entity.ts';
import { syncCustomer } from './service.ts';

export interface ReconcileResult {
  checked: number;
  changed: number;
  failed: number;
  ms: number;
}

/** Any fixed id: only one instance at a time runs the job (PostgreSQL advisory lock). */
const LOCK_ID = 0x5741_6765;

/**
 * Re-reads every subscription copy older than SUBSCRIPTION_VERIFY_HOURS from Stripe,
 * paced at STRIPE_MAX_RPS (Stripe allows 25/s in test mode, 100/s live), and leaves one
 * audit entry per run with its counts instead of rows in a queue table.
 */
export async function reconcileSubscriptions(deps: BillingDeps, opts: { sleep?: (ms: number) => Promise<void> } = {}): Promise<ReconcileResult | null> {
  if (!deps.stripe) return null;
  const started = performance.now();
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const gap = 1000 / deps.config.stripe.maxRequestsPerSecond;
  // The transaction holds the advisory lock (and one connection) for the whole run.
  const counts = await deps.orm.em.fork().transactional(async (tx) => {
    const [row] = await tx.getConnection().execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [LOCK_ID], 'all', tx.getTransactionContext());
    if (!row?.locked) return null;
    const cutoff = new Date(deps.now().getTime() - deps.config.subscriptionVerifyMs);
    const stale = await tx.find(BillingAccount, { $or: [{ verifiedAt: null }, { verifiedAt: { $lt: cutoff } }] }, { orderBy: { verifiedAt: 'asc' }, limit: 10_000 });
    let changed = 0;
    let failed = 0;
    for (const [i, account] of stale.entries()) {
      if (i > 0) await sleep(gap);
      const before = `${account.status}|${account.currentPeriodEnd?.getTime()}|${account.cancelAtPeriodEnd}`;
      try {
        const after = await syncCustomer(deps, account.stripeCustomerId);
        if (after && `${after.status}|${after.currentPeriodEnd?.getTime()}|${after.cancelAtPeriodEnd}` !== before) changed++;
      } catch (err) {
        failed++;
        deps.log.warn({ err: (err as Error).message, customerId: account.stripeCustomerId }, 'reconcile: customer not re-read');
      }
    }
    return { checked: stale.length, changed, failed };
  });
  if (!counts) return null;
  const result = { ...counts, ms: Math.round(performance.now() - started) };
  await audit(deps.orm.em, null, { action: 'job.reconcile_subscriptions', category: 'business', severity: result.failed ? 'warning' : 'info', metadata: { ...result } });
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
