import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Page } from 'puppeteer-core';
import { DEFAULT_BACKEND_URL } from '../../extension/account/storage.ts';
import { PLANS } from '../../shared/plans.ts';
import { waitForPlan } from './account-page';
import type { ExtensionHarness } from './harness';

/**
 * A Premium entitlement signed like the server's (with a key of our own) and written where
 * the background keeps it after a sign-in, with the key that checks it. `lifetimeSeconds`
 * lets a test watch it expire.
 */
export async function installPremiumEntitlement(ext: ExtensionHarness, opts: { lifetimeSeconds: number; backendUrl?: string }): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'e2e-premium', alg: 'ES256' };
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ plan: 'premium', limits: PLANS.premium.limits, features: PLANS.premium.features, source: 'stripe', status: 'active', warning: null, periodEnd: null, verifiedAt: iat })
    .setProtectedHeader({ alg: 'ES256', kid: 'e2e-premium' })
    .setSubject('e2e')
    .setAudience('stagetracker-extension')
    .setIssuedAt(iat)
    .setExpirationTime(iat + opts.lifetimeSeconds)
    .sign(privateKey);
  const worker = await ext.serviceWorker();
  await worker.evaluate(
    (backendUrl, token, jwk) =>
      chrome.storage.local.set({
        'account.jwks': { backendUrl, keys: [jwk], fetchedAt: Date.now() },
        'account.entitlement': { token, backendUrl, receivedAt: Date.now() },
      }),
    opts.backendUrl ?? DEFAULT_BACKEND_URL,
    token,
    jwk,
  );
}

/** Premium without a backend, for tests of Premium-only features that are not about the account. */
export async function becomePremium(ext: ExtensionHarness, player: Page): Promise<void> {
  await installPremiumEntitlement(ext, { lifetimeSeconds: 3600 });
  await waitForPlan(player, 'premium');
}
