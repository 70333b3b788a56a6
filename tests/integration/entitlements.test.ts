import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from 'jose';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { makePremium, removePremium } from '../helpers/plans.ts';
import { ENTITLEMENT_AUDIENCE } from '../../shared/entitlement.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp({ ENTITLEMENT_GRACE_DAYS: '14' });
  api = client(app.url);
});
afterAll(() => app.close());

async function verified(token: string) {
  const jwks = createLocalJWKSet((await api.get('/api/entitlements/jwks')).body);
  return (await jwtVerify(token, jwks, { audience: ENTITLEMENT_AUDIENCE, issuer: 'stagetracker', algorithms: ['ES256'] })).payload;
}

describe('GET /api/entitlements', () => {
  it('signs a Free entitlement, verifiable offline with the published key, valid for the grace period', async () => {
    const { tokens, userId } = await signedInUser(app);
    const res = await api.get('/api/entitlements', tokens.accessToken);
    expect(res.status).toBe(200);
    expect(decodeProtectedHeader(res.body.token)).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const claims = await verified(res.body.token);
    expect(claims).toMatchObject({ sub: userId, plan: 'free', source: 'none', limits: { songs: 10, tracksPerSong: 4, setlists: 1, devices: 1 }, features: [] });
    expect(claims.exp! - claims.iat!).toBe(14 * 86_400);
    expect(res.body.claims).toEqual(claims);
  });

  it('shows an admin grant as Premium until its end, and Free again once revoked', async () => {
    const { tokens, email } = await signedInUser(app);
    const until = new Date(Date.now() + 30 * 86_400_000);
    await makePremium(app, email, 30, until);
    const premium = await verified((await api.get('/api/entitlements', tokens.accessToken)).body.token);
    expect(premium).toMatchObject({ plan: 'premium', source: 'grant', features: ['backup_export'], periodEnd: Math.floor(until.getTime() / 1000) });
    expect(premium.limits).toMatchObject({ songs: null, devices: 5 });
    await removePremium(app, email);
    expect(await verified((await api.get('/api/entitlements', tokens.accessToken)).body.token)).toMatchObject({ plan: 'free' });
  });

  it('rejects a token signed by another key', async () => {
    const other = await initTestApp();
    try {
      const { tokens } = await signedInUser(other);
      const foreign = (await client(other.url).get('/api/entitlements', tokens.accessToken)).body.token;
      await expect(verified(foreign)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });

  it('needs a sign-in', async () => {
    expectError(await api.get('/api/entitlements'), 401, 'token_missing');
  });
});

describe('billing without Stripe keys', () => {
  it('answers 503 billing_not_configured with the settings to set', async () => {
    const { tokens } = await signedInUser(app);
    for (const res of [
      await api.get('/api/billing/plans'),
      await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, tokens.accessToken),
      await api.post('/api/billing/customer-portal', {}, tokens.accessToken),
    ]) {
      expectError(res, 503, 'billing_not_configured');
      expect(res.body.error.message).toContain('STRIPE_SECRET_KEY');
    }
    expectError(await api.call('POST', '/api/webhooks/stripe', { rawBody: '{}', headers: { 'content-type': 'application/json' } }), 503, 'billing_not_configured');
  });
});
