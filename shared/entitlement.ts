import type { Feature, PlanId, PlanLimits, PlanWarning, SubscriptionStatus } from './plans.ts';

/**
 * The claims of the signed entitlement (ES256 JWT) the backend hands the extension.
 * The extension verifies it offline with the published key; `exp` is the offline grace.
 */
export interface EntitlementClaims {
  /** User id. */
  sub: string;
  /** The install id of the device it was issued to (the extension refuses one for another device). */
  device: string;
  iss: string;
  aud: typeof ENTITLEMENT_AUDIENCE;
  plan: PlanId;
  limits: PlanLimits;
  features: Feature[];
  /** Where Premium comes from: a Stripe subscription, an admin grant, or nothing. */
  source: 'stripe' | 'grant' | 'none';
  status: SubscriptionStatus | null;
  warning: PlanWarning | null;
  /** Unix seconds; when the paid period (or grant) ends, null when Free. */
  periodEnd: number | null;
  /** Unix seconds; when Stripe last confirmed this state, null when never. */
  verifiedAt: number | null;
  iat: number;
  exp: number;
}

export const ENTITLEMENT_AUDIENCE = 'stagetracker-extension';
export const ENTITLEMENT_ALGORITHM = 'ES256';

export interface EntitlementResponse {
  token: string;
  claims: EntitlementClaims;
}
