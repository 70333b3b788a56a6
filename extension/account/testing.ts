import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { ENTITLEMENT_AUDIENCE, type EntitlementClaims } from '../../shared/entitlement';
import { PLANS, type PlanId } from '../../shared/plans';
import type { StorageArea } from './storage';

/** A self-signed entitlement (as the backend would sign it) and its public JWK, for tests. */
/** The install id the helpers below sign entitlements for. */
export const TEST_DEVICE_ID = 'test-device-0001';

export async function signedEntitlement(plan: PlanId, opts: { exp: number; iat?: number; aud?: string; device?: string } ) {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256' };
  const claims: Omit<EntitlementClaims, 'aud'> & { aud: string } = {
    sub: 'user-1', device: opts.device ?? TEST_DEVICE_ID, iss: 'stagetracker', aud: opts.aud ?? ENTITLEMENT_AUDIENCE, plan, limits: PLANS[plan].limits, features: PLANS[plan].features,
    source: plan === 'premium' ? 'stripe' : 'none', status: plan === 'premium' ? 'active' : null, warning: null, periodEnd: null, verifiedAt: null,
    iat: opts.iat ?? opts.exp - 3600, exp: opts.exp,
  };
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'test' }).sign(privateKey);
  return { token, jwk };
}

export function memoryArea(): StorageArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (keys) => Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))])),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (keys) => void keys.forEach((k) => data.delete(k)),
  };
}
