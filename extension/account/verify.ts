import { createLocalJWKSet, errors, jwtVerify, type JWK } from 'jose';
import { ENTITLEMENT_ALGORITHM, ENTITLEMENT_AUDIENCE, type EntitlementClaims } from '../../shared/entitlement';

type Verification =
  | { ok: true; claims: EntitlementClaims }
  | { ok: false; reason: 'expired'; expiredAt: number }
  | { ok: false; reason: 'invalid'; message: string };

/**
 * Layer 1: checks the signed entitlement offline with the cached public key (ES256, our
 * audience, not expired, issued to this device). Runs once per stored change, never per plan
 * check. `deviceId` is this install's id: an entitlement copied from another device (or one
 * issued to no device) is refused, so the device limit holds offline too.
 */
export async function verifyEntitlement(token: string, keys: JWK[], now: number, deviceId: string | null): Promise<Verification> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), {
      algorithms: [ENTITLEMENT_ALGORITHM],
      audience: ENTITLEMENT_AUDIENCE,
      currentDate: new Date(now),
    });
    if (!deviceId || payload.device !== deviceId) {
      return { ok: false, reason: 'invalid', message: 'This entitlement was issued to another device.' };
    }
    return { ok: true, claims: payload as unknown as EntitlementClaims };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'expired', expiredAt: Number(error.payload.exp) * 1000 };
    return { ok: false, reason: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
}
