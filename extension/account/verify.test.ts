import { describe, expect, it } from 'vitest';
import { signedEntitlement, TEST_DEVICE_ID } from './testing';
import { verifyEntitlement } from './verify';

const NOW = Date.UTC(2026, 0, 1);
const sec = (ms: number) => Math.floor(ms / 1000);

describe('offline entitlement verification (Layer 1)', () => {
  it('accepts a token signed by the cached key until its exp, then reports when it expired', async () => {
    const { token, jwk } = await signedEntitlement('premium', { exp: sec(NOW) + 60 });
    const valid = await verifyEntitlement(token, [jwk], NOW, TEST_DEVICE_ID);
    expect(valid.ok && valid.claims.plan).toBe('premium');
    expect(await verifyEntitlement(token, [jwk], NOW + 61_000, TEST_DEVICE_ID)).toEqual({ ok: false, reason: 'expired', expiredAt: (sec(NOW) + 60) * 1000 });
  });

  it.each([
    ['another key', async () => ({ ...(await signedEntitlement('premium', { exp: sec(NOW) + 60 })), jwk: (await signedEntitlement('free', { exp: sec(NOW) + 60 })).jwk })],
    ['another audience', () => signedEntitlement('premium', { exp: sec(NOW) + 60, aud: 'someone-else' })],
    ['another device', () => signedEntitlement('premium', { exp: sec(NOW) + 60, device: 'other-device-0002' })],
    ['a tampered payload', async () => {
      const signed = await signedEntitlement('free', { exp: sec(NOW) + 60 });
      const [h, p, s] = signed.token.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      return { ...signed, token: [h, Buffer.from(JSON.stringify({ ...payload, plan: 'premium' })).toString('base64url'), s].join('.') };
    }],
  ])('refuses %s', async (_, make) => {
    const { token, jwk } = await make();
    expect(await verifyEntitlement(token, [jwk], NOW, TEST_DEVICE_ID)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('refuses an entitlement when this install has no device id yet', async () => {
    const { token, jwk } = await signedEntitlement('premium', { exp: sec(NOW) + 60 });
    expect(await verifyEntitlement(token, [jwk], NOW, null)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
