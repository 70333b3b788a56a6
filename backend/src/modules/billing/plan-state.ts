import type { EntityManager } from '@mikro-orm/postgresql';
import type { PlanId, PlanWarning, SubscriptionStatus } from '../../../../shared/plans.ts';
import { PlanGrant } from '../grants/entity.ts';
import { accountPlan } from './account-plan.ts';
import type { BillingDeps } from './deps.ts';
import { billingAccountFor } from './service.ts';

export interface PlanState {
  plan: PlanId;
  source: 'stripe' | 'grant' | 'none';
  status: SubscriptionStatus | null;
  warning: PlanWarning | null;
  periodEnd: Date | null;
  verifiedAt: Date | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * The plan a user has now: Stripe's state (our copy, re-read when stale), or an admin grant,
 * whichever gives more. Sign-in (device limits), the billing API and entitlements all ask here.
 */
export async function planStateFor(deps: BillingDeps, em: EntityManager, userId: string): Promise<PlanState> {
  const now = deps.now();
  const [account, grant] = await Promise.all([
    billingAccountFor(deps, em, userId),
    em.findOne(PlanGrant, { user: userId, revokedAt: null, until: { $gt: now } }, { orderBy: { until: 'desc' } }),
  ]);
  const status = (account?.status ?? null) as SubscriptionStatus | null;
  const fromStripe = accountPlan(deps, account);
  const stripeState = {
    status,
    verifiedAt: account?.verifiedAt ?? null,
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
  };
  if (fromStripe.plan === 'premium') {
    return { plan: 'premium', source: 'stripe', warning: fromStripe.warning, periodEnd: account?.currentPeriodEnd ?? null, ...stripeState };
  }
  if (grant) return { plan: 'premium', source: 'grant', warning: null, periodEnd: grant.until, ...stripeState };
  return { plan: 'free', source: 'none', warning: null, periodEnd: null, ...stripeState };
}
