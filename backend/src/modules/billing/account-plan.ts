import { planForSubscription, type PlanId, type PlanWarning, type SubscriptionStatus } from '../../../../shared/plans.ts';
import type { BillingDeps } from './deps.ts';
import type { BillingAccount } from './entity.ts';

/** The plan our copy of a Stripe customer gives now, under this server's rules (past-due grace). */
export function accountPlan(deps: Pick<BillingDeps, 'config' | 'now'>, account: BillingAccount | null): { plan: PlanId; warning: PlanWarning | null } {
  return planForSubscription(
    {
      status: (account?.status ?? null) as SubscriptionStatus | null,
      currentPeriodEnd: account?.currentPeriodEnd ?? null,
      cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
      revoked: account?.revokedReason != null,
    },
    deps.now(),
    { pastDueGraceMs: deps.config.pastDueGraceMs },
  );
}
