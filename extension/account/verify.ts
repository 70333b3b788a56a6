import { createLocalJWKSet, errors, jwtVerify, type JWK } from 'jose';
import { ENTITLEMENT_ALGORITHM, ENTITLEMENT_AUDIENCE, type EntitlementClaims } from '../../shared/entitlement';

type Verification =
  | { ok: true; claims: EntitlementClaims }
  | { ok: false; reason: 'expired'; expiredAt: number }
  | { ok: false; reason: 'invalid'; message: string };

/**
 * Layer 1: checks the signed entitlement offline with the cached public key (ES256, our
 * audience, not expired). Runs once per stored change, never per plan check.
 */
export async function verifyEntitlement(token: string, keys: JWK[], now: number = Date.now()): Promise<Verification> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      algorithms: [ENTITLEMENT_ALGORITHM],
      audience: ENTITLEMENT_AUDIENCE,
      currentDate: new Date(now),
    });
    return { ok: true, claims: payload as unknown as EntitlementClaims };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', expiredAt: Number(error.payload.exp) * 1000 };
    return { ok: false, reason: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
}
