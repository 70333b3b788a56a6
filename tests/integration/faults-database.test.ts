import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { startPostgres, type PostgresHandle } from '../../tools/embedded-postgres/postgres.ts';
import { migrateUp } from '../../backend/src/db/migrate.ts';
import { loadConfig } from '../../backend/src/config.ts';
import { createDeps } from '../../backend/src/deps-factory.ts';
import { createApp } from '../../backend/src/app.ts';
import { createLogger } from '../../backend/src/logger.ts';
import { closeORM } from '../../backend/src/db/orm.ts';
import type { Deps } from '../../backend/src/deps.ts';
import { client, expectError } from '../helpers/http.ts';
import { uniqueEmail } from '../helpers/accounts.ts';

// A PostgreSQL of this test's own, so it can be stopped and started again under the backend.
let dataDir: string;
let pg: PostgresHandle;
let port: number;
let deps: Deps;
let http: Server;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'st-fault-pg-'));
  pg = await startPostgres({ dataDir, port: 0 });
  port = Number(new URL(pg.url).port);
  await migrateUp(pg.url);
  const config = loadConfig({ NODE_ENV: 'test', BCRYPT_COST: '4', DATABASE_URL: pg.url, REQUIRE_EMAIL_VERIFICATION: 'false', RATE_LIMIT_LOGIN_PER_EMAIL: '100000', RATE_LIMIT_LOGIN_PER_IP: '100000', RATE_LIMIT_REGISTER_PER_IP: '100000', ...(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {}) });
  deps = await createDeps(config, createLogger(config), pg.url);
  http = await new Promise((resolve) => {
    const s = createApp(deps).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = http.address();
  api = client(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});

afterAll(async () => {
  http?.closeAllConnections();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  await deps?.close();
  await closeORM(pg.url).catch(() => {});
  await pg?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const countUsers = async () => Number((await deps.orm.em.fork().getConnection().execute<{ n: string }[]>('select count(*) as n from users'))[0]!.n);

describe('PostgreSQL stopped under the backend', () => {
  it('answers 503 with a clear message, writes nothing half-way, and recovers by itself within 5 s', async () => {
    const email = uniqueEmail('before');
    expect((await api.post('/api/auth/register', { email, password: 'Correct-Horse-42' })).status).toBe(201);
    const usersBefore = await countUsers();

    // Load keeps coming while the database goes away: nothing may answer 5xx other than 503.
    let loading = true;
    const seen = new Set<number>();
    const load = (async () => {
      while (loading) {
        const answers = await Promise.all([
          api.post('/api/auth/login', { email, password: 'Correct-Horse-42' }),
          api.post('/api/auth/register', { email: uniqueEmail('load'), password: 'Correct-Horse-42' }),
          api.get('/api/ready'),
        ]);
        for (const a of answers) seen.add(a.status);
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    await pg.stop();
    await new Promise((r) => setTimeout(r, 300));
    loading = false;
    await load;
    expect([...seen].filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(seen.has(503)).toBe(true);
    const ready = await api.get('/api/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ok: false, database: 'unreachable' });
    const write = await api.post('/api/auth/register', { email: uniqueEmail('during'), password: 'Correct-Horse-42' });
    expectError(write, 503, 'database_unavailable');
    expect(write.body.error.message).toMatch(/Nothing was changed/);
    expect(write.headers.get('retry-after')).toBe('5');
    expectError(await api.post('/api/auth/login', { email, password: 'Correct-Horse-42' }), 503, 'database_unavailable');
    expect((await api.get('/api/health')).status).toBe(200); // the process itself is up

    pg = await startPostgres({ dataDir, port });
    const restarted = performance.now();
    let recoveredMs = -1;
    while (performance.now() - restarted < 5000) {
      if ((await api.get('/api/ready')).status === 200) {
        recoveredMs = performance.now() - restarted;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`[faults] backend ready again ${Math.round(recoveredMs)} ms after PostgreSQL came back`);
    expect(recoveredMs).toBeGreaterThanOrEqual(0);
    expect((await api.post('/api/auth/login', { email, password: 'Correct-Horse-42' })).status).toBe(200);
    // Every registration either completed (201) or left no trace: no user without its token row.
    const orphans = await deps.orm.em.fork().getConnection().execute<{ n: string }[]>(
      `select count(*) as n from users u where not exists (select 1 from email_tokens t where t.user_id = u.id)`,
    );
    expect(Number(orphans[0]!.n)).toBe(0);
    expect(await countUsers()).toBeGreaterThanOrEqual(usersBefore);
  });
});
