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

/** A signed-in user who paid a monthly checkout, once every webhook has been delivered. */
export async function subscribedUser(b: BillingTestApp) {
  const { signedInUser } = await import('./accounts.ts');
  const { client } = await import('./http.ts');
  const { BillingAccount } = await import('../../backend/src/modules/billing/entity.ts');
  const user = await signedInUser(b.app);
  const checkout = await client(b.app.url).post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
  if (checkout.status !== 200) throw new Error(`checkout answered ${checkout.status}: ${JSON.stringify(checkout.body)}`);
  await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  const account = await b.app.deps.orm.em.fork().findOneOrFail(BillingAccount, { user: user.userId });
  return { ...user, customerId: account.stripeCustomerId, subscriptionId: account.subscriptionId! };
}
