import type { EntityManager } from '@mikro-orm/postgresql';
import { SignJWT } from 'jose';
import { ENTITLEMENT_ALGORITHM, ENTITLEMENT_AUDIENCE, type EntitlementClaims, type EntitlementResponse } from '../../../../shared/entitlement.ts';
import { PLANS, planForSubscription, type PlanId, type PlanWarning, type SubscriptionStatus } from '../../../../shared/plans.ts';
import type { Deps } from '../../deps.ts';
import { billingAccountFor } from '../billing/service.ts';
import { PlanGrant } from '../grants/entity.ts';

export interface PlanState {
  plan: PlanId;
  source: 'stripe' | 'grant' | 'none';
  status: SubscriptionStatus | null;
  warning: PlanWarning | null;
  periodEnd: Date | null;
  verifiedAt: Date | null;
  cancelAtPeriodEnd: boolean;
}

/** The plan a user has now: Stripe's state (Layers 2 and 3), or an admin grant, whichever gives more. */
export async function planStateFor(deps: Deps, em: EntityManager, userId: string): Promise<PlanState> {
  const now = deps.now();
  const [account, grant] = await Promise.all([
    billingAccountFor(deps, em, userId),
    em.findOne(PlanGrant, { user: userId, revokedAt: null, until: { $gt: now } }, { orderBy: { until: 'desc' } }),
  ]);
  const status = (account?.status ?? null) as SubscriptionStatus | null;
  const fromStripe = planForSubscription({ status, currentPeriodEnd: account?.currentPeriodEnd ?? null, cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false }, now);
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

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

/** Signs the entitlement the extension keeps offline; it expires after the grace period. */
export async function issueEntitlement(deps: Deps, userId: string, state: PlanState): Promise<EntitlementResponse> {
  const plan = PLANS[state.plan];
  const iat = Math.floor(deps.now().getTime() / 1000);
  const claims: EntitlementClaims = {
    sub: userId,
    iss: deps.config.jwt.issuer,
    aud: ENTITLEMENT_AUDIENCE,
    plan: plan.id,
    limits: plan.limits,
    features: plan.features,
    source: state.source,
    status: state.status,
    warning: state.warning,
    periodEnd: seconds(state.periodEnd),
    verifiedAt: seconds(state.verifiedAt),
    iat,
    exp: iat + Math.floor(deps.config.entitlement.graceMs / 1000),
  };
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: ENTITLEMENT_ALGORITHM, kid: deps.entitlementKeys.publicJwk.kid, typ: 'JWT' })
    .sign(deps.entitlementKeys.privateKey);
  return { token, claims };
}
