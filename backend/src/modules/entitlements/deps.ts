import type { BillingDeps } from '../billing/deps.ts';
import type { AuthCheckDeps } from '../sessions/deps.ts';
import type { EntitlementKeys } from './keys.ts';

/** Entitlements sign the plan that billing works out, for signed-in callers. */
export interface EntitlementDeps extends BillingDeps, AuthCheckDeps {
  entitlementKeys: EntitlementKeys;
}
