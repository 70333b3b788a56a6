import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from '../../backend/src/app.ts';
import { loadConfig } from '../../backend/src/config.ts';
import { createDeps } from '../../backend/src/deps-factory.ts';
import { closeORM } from '../../backend/src/db/orm.ts';
import type { Deps } from '../../backend/src/deps.ts';
import { createLogger } from '../../backend/src/logger.ts';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';

/** Every test app's METRICS_TOKEN unless a test sets its own (METRICS_TOKEN: '' turns metrics off). */
export const TEST_METRICS_TOKEN = randomBytes(32).toString('base64url');

export interface TestApp {
  url: string;
  deps: Deps;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots the real backend on a fresh database cloned from the migrated template and
 * listens on a free loopback port. `env` overrides settings (rate limits, TTLs, ...).
 */
export async function initTestApp(env: Record<string, string> = {}, opts: { shareDatabaseWith?: TestApp } = {}): Promise<TestApp> {
  const server = inject('pgServerUrl');
  const name = `st_test_${randomBytes(6).toString('hex')}`;
  // A second instance on the same database stands for another backend process behind a load balancer.
  const shared = opts.shareDatabaseWith?.databaseUrl;
  const url = shared ?? (await createDatabase(server, name, { template: inject('pgTemplate') }));
  const config = loadConfig({ NODE_ENV: 'test', BCRYPT_COST: '4', PORT: '0', DATA_DIR: '/nonexistent', METRICS_TOKEN: TEST_METRICS_TOKEN, ...env, DATABASE_URL: url });
  const deps = await createDeps(config, createLogger(config), url);
  const app = createApp(deps);
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Links in mails and Stripe return URLs must point at the port actually bound.
  if (!env.PUBLIC_URL) deps.config.publicUrl = `http://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    databaseUrl: url,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await deps.close();
      if (!shared) {
        await closeORM(url);
        await dropDatabase(server, name);
      }
    },
  };
}
