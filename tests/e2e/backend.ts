/**
 * The real backend for end-to-end tests: an embedded PostgreSQL in a temp folder, migrations,
 * the project's fake Stripe with signed webhooks, on a fixed free port so it can be stopped
 * (the venue loses its network) and started again on the same address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../helpers/backend-process.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { createFakeStripe, type FakeStripe } from '../../tools/fake-stripe/index.ts';
import { ormConfig } from '../../backend/src/db/orm.ts';
import { startPostgres } from '../../tools/embedded-postgres/postgres.ts';
import { grantPremium, revokePremium } from '../../backend/src/modules/grants/service.ts';
import { startBackend, type RunningBackend } from '../../backend/src/server.ts';

const WEBHOOK_SECRET = 'whsec_e2e_stagetracker_accounts';

export interface TestBackend {
  url: string;
  fake: FakeStripe;
  /** Stops the HTTP server (the database and fake Stripe keep running). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Premium without Stripe, as `npm run admin -- grant` does. */
  grant(email: string): Promise<void>;
  revoke(email: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestBackend(): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagetracker-e2e-backend-'));
  const pg = await startPostgres({ dataDir, port: 0, settings: { fsync: 'off' } });
  const fake = await createFakeStripe();
  await fake.seedCatalog();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    BCRYPT_COST: '4',
    REQUIRE_EMAIL_VERIFICATION: 'false',
    LOG_LEVEL: 'silent',
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    STRIPE_TIMEOUT: '2s',
  };
  let backend: RunningBackend | null = await startBackend({ databaseUrl: pg.url, port, env });
  await fake.addWebhookEndpoint({ url: `${url}/api/webhooks/stripe`, secret: WEBHOOK_SECRET });
  const orm = await MikroORM.init(ormConfig({ databaseUrl: pg.url, poolMax: 2 }));

  const stop = async () => {
    await backend?.close();
    backend = null;
  };
  return {
    url,
    fake,
    stop,
    async start() {
      backend ??= await startBackend({ databaseUrl: pg.url, port, env });
    },
    async grant(email) {
      await grantPremium(orm.em.fork(), email, new Date(Date.now() + 86_400_000), 'e2e');
    },
    async revoke(email) {
      await revokePremium(orm.em.fork(), email);
    },
    async close() {
      await fake.idle().catch(() => {});
      await stop();
      await orm.close(true);
      await fake.close();
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

