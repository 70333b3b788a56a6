import { createFakeStripe, type FakeStripe } from '../../tools/fake-stripe/index.ts';
import { initTestApp, type TestApp } from './test-app.ts';

export const WEBHOOK_SECRET = 'whsec_test_stagetracker_integration';

export interface BillingTestApp {
  app: TestApp;
  fake: FakeStripe;
  close(): Promise<void>;
}

/**
 * The backend on a fresh database, wired to the project's fake Stripe (seeded with the
 * Premium prices), which delivers signed webhooks to the backend's webhook route.
 */
export async function initBillingTestApp(env: Record<string, string> = {}): Promise<BillingTestApp> {
  const fake = await createFakeStripe();
  await fake.seedCatalog();
  const app = await initTestApp({
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    STRIPE_TIMEOUT: '1s',
    ...env,
  });
  await fake.addWebhookEndpoint({ url: `${app.url}/api/webhooks/stripe`, secret: WEBHOOK_SECRET });
  return {
    app,
    fake,
    async close() {
      await fake.idle().catch(() => {});
      await app.close();
      await fake.close();
    },
  };
}

/** Total API calls the fake has answered whose `METHOD /path` starts with `prefix`. */
export async function stripeCalls(fake: FakeStripe, prefix = ''): Promise<number> {
  const calls = await fake.calls();
  return Object.entries(calls)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((sum, [, n]) => sum + n, 0);
}
