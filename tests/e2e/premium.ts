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
  const worker = await ext.serviceWorker();
  // Entitlements are bound to one install: sign for this install's device id (made if none yet).
  const deviceId = await worker.evaluate(async (backendUrl) => {
    const stored = (await chrome.storage.local.get('account.settings'))['account.settings'] as { deviceId: string } | undefined;
    if (stored) return stored.deviceId;
    const settings = { backendUrl, deviceId: crypto.randomUUID(), deviceName: 'e2e' };
    await chrome.storage.local.set({ 'account.settings': settings });
    return settings.deviceId;
  }, opts.backendUrl ?? DEFAULT_BACKEND_URL);
  const jwk = { ...(await exportJWK(publicKey)), kid: 'e2e-premium', alg: 'ES256' };
  const iat = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ device: deviceId, plan: 'premium', limits: PLANS.premium.limits, features: PLANS.premium.features, source: 'stripe', status: 'active', warning: null, periodEnd: null, verifiedAt: iat })
    .setProtectedHeader({ alg: 'ES256', kid: 'e2e-premium' })
    .setSubject('e2e')
    .setAudience('stagetracker-extension')
    .setIssuedAt(iat)
    .setExpirationTime(iat + opts.lifetimeSeconds)
    .sign(privateKey);
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
