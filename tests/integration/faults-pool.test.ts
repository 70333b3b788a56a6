import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client } from '../helpers/http.ts';
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/accounts.ts';
import { poolStats } from '../../backend/src/db/pool-guard.ts';

/**
 * Five database outages in a row, each while every pooled connection is inside a transaction:
 * half wait in SQL (their ROLLBACK fails), half wait in JavaScript (their COMMIT fails). kysely
 * keeps such connections checked out for good unless they are destroyed; afterwards the pool must
 * be whole (nothing in use, the full size usable) and the backend serving.
 */
const POOL = 6;
let app: TestApp;
let admin: pg.Client;
beforeAll(async () => {
  app = await initTestApp({ DB_POOL_MAX: String(POOL), REQUIRE_EMAIL_VERIFICATION: 'false', RATE_LIMIT_REGISTER_PER_IP: '1000', RATE_LIMIT_LOGIN_PER_IP: '1000' });
  admin = new pg.Client({ connectionString: app.databaseUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await app?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every backend of the app's database except the admin's own: what a crash or failover does to them. */
async function terminateAppConnections(): Promise<number> {
  const { rows } = await admin.query(`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()) t`);
  return rows[0].n as number;
}

/** Backends of the app's database inside a transaction, as the server sees them. */
async function transactionsOnServer(): Promise<number> {
  const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null`);
  return rows[0].n as number;
}

function transactionsHeldOpen() {
  const em = app.deps.orm.em;
  return Array.from({ length: POOL }, (_, i) =>
    em.fork().transactional(async (tx) => {
      const conn = tx.getConnection();
      if (i % 2 === 0) {
        // In SQL when the server goes: the query fails, then the ROLLBACK does.
        await conn.execute('select pg_sleep(5)', [], 'all', tx.getTransactionContext());
      } else {
        // Idle in the transaction when the server goes: the COMMIT is what fails.
        await conn.execute('select 1', [], 'all', tx.getTransactionContext());
        await sleep(400);
      }
    }),
  );
}

describe('database outages and the connection pool', () => {
  it('leaves the pool whole and the backend serving after five outages in a row', async () => {
    const api = client(app.url);
    const email = uniqueEmail('pool');
    expect((await api.post('/api/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
    const report: string[] = [];

    for (let outage = 1; outage <= 5; outage++) {
      const settled = Promise.allSettled(transactionsHeldOpen());
      // Wait until every connection is inside a transaction, then queue requests behind them.
      for (let i = 0; i < 250 && (await transactionsOnServer()) < POOL; i++) await sleep(20);
      const requests = Array.from({ length: 3 }, () => api.post('/api/auth/register', { email: uniqueEmail('during'), password: STRONG_PASSWORD }));
      await sleep(50);
      const during = await poolStats(app.deps.orm);
      const terminated = await terminateAppConnections();
      const outcomes = await settled;
      const failed = outcomes.filter((o) => o.status === 'rejected').length;
      expect(failed).toBe(POOL);
      for (const answer of await Promise.all(requests)) expect([201, 503]).toContain(answer.status);

      const after = await poolStats(app.deps.orm);
      // Nothing runs now, so nothing may still be checked out.
      expect(after.inUse).toBe(0);
      // The whole pool is usable: POOL queries at once, each on its own connection, within a second.
      const started = performance.now();
      await Promise.all(Array.from({ length: POOL }, () => app.deps.orm.em.fork().getConnection().execute('select pg_sleep(0.2)')));
      const fullPoolMs = performance.now() - started;
      expect(fullPoolMs).toBeLessThan(1000);
      const filled = await poolStats(app.deps.orm);
      expect(filled.total).toBe(POOL);
      expect((await api.get('/api/ready')).status).toBe(200);
      expect((await api.post('/api/auth/login', { email, password: STRONG_PASSWORD, device: { id: 'pool-device-1', name: 'Stage' } })).status).toBe(200);
      report.push(
        `outage ${outage}: ${terminated} backends terminated (pool during: ${during.inUse} in use of ${during.max}), ${failed} transactions failed; after: ${after.total} open, ${after.inUse} in use, ${after.waiting} waiting; ${POOL} parallel queries in ${Math.round(fullPoolMs)} ms, then ${filled.total} open, ${filled.inUse} in use`,
      );
    }
    console.log(`[faults-pool]\n${report.join('\n')}`);
  });
});
