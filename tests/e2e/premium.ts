import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Page } from 'puppeteer-core';
import { DEFAULT_BACKEND_URL } from '../../extension/account/storage.ts';
import { PLANS } from '../../shared/plans.ts';
import { waitForPlan } from './account-page';
import type { ExtensionHarness } from './harness';

/**
 * Premium without a backend, as the background keeps it after a sign-in: a signed
 * entitlement and the key that checks it, written where the account code reads them.
 * For tests of Premium-only features that are not about the account itself.
 */
export async function becomePremium(ext: ExtensionHarness, player: Page): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'e2e-premium', alg: 'ES256' };
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ plan: 'premium', limits: PLANS.premium.limits, features: PLANS.premium.features, source: 'stripe', status: 'active', warning: null, periodEnd: null, verifiedAt: iat })
    .setProtectedHeader({ alg: 'ES256', kid: 'e2e-premium' })
    .setSubject('e2e')
    .setAudience('stagetracker-extension')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(privateKey);
  const worker = await ext.serviceWorker();
  await worker.evaluate(
    (backendUrl, token, jwk) =>
      chrome.storage.local.set({
        'account.jwks': { backendUrl, keys: [jwk], fetchedAt: Date.now() },
        'account.entitlement': { token, backendUrl, receivedAt: Date.now() },
      }),
    DEFAULT_BACKEND_URL,
    token,
    jwk,
  );
  await waitForPlan(player, 'premium');
}
