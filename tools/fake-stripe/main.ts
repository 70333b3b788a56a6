/**
 * Runs the fake Stripe for offline development: `tsx tools/fake-stripe/main.ts`.
 * Env: FAKE_STRIPE_PORT (default 12111), FAKE_STRIPE_HOST (127.0.0.1), FAKE_STRIPE_SECRET_KEY,
 * FAKE_STRIPE_WEBHOOK_URL and FAKE_STRIPE_WEBHOOK_SECRET (where to send signed events).
 */
import { API_VERSION, createFakeStripe, DEFAULT_SECRET_KEY } from './index.ts';

if (process.env.NODE_ENV === 'production') {
  console.error('fake-stripe: refusing to start with NODE_ENV=production. It accepts any payment and is for development and tests only.');
  process.exit(1);
}

const port = Number(process.env.FAKE_STRIPE_PORT ?? 12111);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`fake-stripe: FAKE_STRIPE_PORT must be a port number, got '${process.env.FAKE_STRIPE_PORT}'.`);
  process.exit(1);
}
const webhookUrl = process.env.FAKE_STRIPE_WEBHOOK_URL;
const webhookSecret = process.env.FAKE_STRIPE_WEBHOOK_SECRET ?? 'whsec_fake_stagetracker_development';
if (webhookUrl && !webhookSecret.startsWith('whsec_')) {
  console.error('fake-stripe: FAKE_STRIPE_WEBHOOK_SECRET must start with whsec_.');
  process.exit(1);
}

const fake = await createFakeStripe({
  port,
  host: process.env.FAKE_STRIPE_HOST ?? '127.0.0.1',
  secretKey: process.env.FAKE_STRIPE_SECRET_KEY ?? DEFAULT_SECRET_KEY,
  webhooks: webhookUrl ? [{ url: webhookUrl, secret: webhookSecret }] : [],
  // A backend restarting in watch mode misses a few seconds: retry for about a minute.
  webhookRetry: { attempts: 6, delaysMs: [1_000, 3_000, 10_000, 20_000, 30_000] },
});
const catalog = await fake.seedCatalog();

console.log(`fake-stripe listening on ${fake.url} (API version ${API_VERSION})

  STRIPE_SECRET_KEY=${fake.secretKey}
  STRIPE_API_HOST=${fake.host}
  STRIPE_API_PORT=${fake.port}
  STRIPE_API_PROTOCOL=http
  STRIPE_WEBHOOK_SECRET=${webhookUrl ? webhookSecret : '(none: set FAKE_STRIPE_WEBHOOK_URL and FAKE_STRIPE_WEBHOOK_SECRET)'}

  product ${catalog.productId}: premium_monthly=${catalog.monthlyPriceId}, premium_yearly=${catalog.yearlyPriceId}
  webhooks → ${webhookUrl ?? 'none'}
  controls: ${fake.url}/_control/* (e.g. curl -XPOST ${fake.url}/_control/clock/advance -d '{"seconds":2678400}')
`);

const stop = async () => {
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
