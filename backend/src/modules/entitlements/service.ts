import { SignJWT } from 'jose';
import { ENTITLEMENT_ALGORITHM, ENTITLEMENT_AUDIENCE, type EntitlementClaims, type EntitlementResponse } from '../../../../shared/entitlement.ts';
import { PLANS } from '../../../../shared/plans.ts';
import type { PlanState } from '../billing/plan-state.ts';
import type { EntitlementDeps } from './deps.ts';

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

/** Signs the entitlement one device keeps offline; it expires after the grace period. */
export async function issueEntitlement(deps: Pick<EntitlementDeps, 'config' | 'now' | 'entitlementKeys'>, userId: string, deviceId: string, state: PlanState): Promise<EntitlementResponse> {
  const plan = PLANS[state.plan];
  const iat = Math.floor(deps.now().getTime() / 1000);
  const claims: EntitlementClaims = {
    sub: userId,
    device: deviceId,
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
