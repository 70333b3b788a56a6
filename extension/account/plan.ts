import type { EntitlementClaims } from '../../shared/entitlement';
import { PLANS, type Feature, type PlanId, type PlanLimits } from '../../shared/plans';

/** Why the player holds the plan it holds. */
type PlanReason = 'loading' | 'signed-out' | 'verified' | 'expired' | 'invalid';

/** The plan every gate reads: what the signed entitlement says, or Free and why. */
export interface PlanView {
  plan: PlanId;
  limits: PlanLimits;
  features: readonly Feature[];
  reason: PlanReason;
  claims: EntitlementClaims | null;
  /** ms; when an expired entitlement stopped counting. */
  expiredAt: number | null;
}

export const freePlan = (reason: PlanReason, expiredAt: number | null = null): PlanView => ({
  plan: 'free',
  limits: PLANS.free.limits,
  features: PLANS.free.features,
  reason,
  claims: null,
  expiredAt,
});

export const planFromClaims = (claims: EntitlementClaims): PlanView => ({
  plan: claims.plan,
  // The signed limits, so a server can change them without an extension update.
  limits: claims.limits,
  features: claims.features,
  reason: 'verified',
  claims,
  expiredAt: null,
});

const RANK: Record<PlanId, number> = { free: 0, premium: 1 };
export const isDowngrade = (from: PlanView, to: PlanView) => RANK[to.plan] < RANK[from.plan];
