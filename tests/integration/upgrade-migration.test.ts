import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sha256 } from '../../backend/src/crypto.ts';
import { migrateUp } from '../../backend/src/db/migrate.ts';
import { startBackend } from '../../backend/src/server.ts';
import { migrationsList } from '../../migrations/index.ts';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';
import { client } from '../helpers/http.ts';

// An upgrade keeps every user's data: a database made by an earlier schema, holding the kinds of
// rows a real server has, is migrated to the latest schema, and the new backend then serves it.

const releases = (JSON.parse(readFileSync('migrations/releases.json', 'utf8')) as { releases: Array<{ version: string; lastMigration: string }> }).releases;
const names = migrationsList.map((m) => m.name);

/** Where an upgrade can start: the end of every release, and the oldest schema still in use. */
const startingPoints: Array<[string, string]> = [
  ...releases.map((r): [string, string] => [`release ${r.version}`, r.lastMigration]),
  // Development databases (npm start's embedded PostgreSQL) made before the 2026-12-01 migrations.
  ['databases made on 2026-11-22, before the billing-convergence and change-email migrations', 'Migration20261122044053_progress'],
];

describe('migrations/releases.json', () => {
  it('names migrations that exist, in release order, and each release has a CHANGELOG entry', () => {
    const changelog = readFileSync('CHANGELOG.md', 'utf8');
    expect(releases.length).toBeGreaterThan(0);
    let previous = -1;
    for (const r of releases) {
      const at = names.indexOf(r.lastMigration);
      expect(at, r.lastMigration).toBeGreaterThanOrEqual(previous);
      previous = at;
      expect(changelog).toContain(`## [${r.version}] - `);
    }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(releases.map((r) => r.version)).toContain(pkg.version);
  });
});

const PASSWORD = 'Correct-Horse-42';
const HOUR = 3_600_000;

/** Rows of every kind a running server holds, written with SQL against the older schema. */
async function seed(db: pg.Client) {
  const hash = await bcrypt.hash(PASSWORD, 4);
  const ids = { paying: randomUUID(), granted: randomUUID(), unconfirmed: randomUUID(), device: randomUUID(), session: randomUUID(), billing: randomUUID(), grant: randomUUID(), progress: randomUUID() };
  const secrets = { refreshToken: randomBytes(32).toString('base64url'), verifyToken: randomBytes(24).toString('base64url') };
  const periodEnd = new Date(Date.now() + 20 * 24 * HOUR);
  const q = (sql: string, values: unknown[]) => db.query(sql, values);
  const user = `insert into users (id, email, password_hash, display_name, email_verified_at, password_changed_at, created_at, updated_at) values ($1, $2, $3, $4, $5, now(), now() - interval '30 days', now())`;
  await q(user, [ids.paying, 'paying@example.com', hash, 'Paying Pat', new Date()]);
  await q(user, [ids.granted, 'granted@example.com', hash, null, new Date()]);
  await q(user, [ids.unconfirmed, 'unconfirmed@example.com', hash, null, null]);
  await q(`insert into devices (id, user_id, client_id, name, created_at, last_seen_at) values ($1, $2, 'install-upgrade-1', 'Stage laptop', now() - interval '30 days', now())`, [ids.device, ids.paying]);
  await q(
    `insert into sessions (id, user_id, device_id, client, refresh_token_hash, refresh_expires_at, ip, user_agent, created_at, last_used_at) values ($1, $2, $3, 'extension', $4, now() + interval '30 days', '203.0.113.7', 'Chrome', now() - interval '1 day', now())`,
    [ids.session, ids.paying, ids.device, sha256(secrets.refreshToken)],
  );
  await q(
    `insert into billing_accounts (id, user_id, stripe_customer_id, subscription_id, status, price_id, interval, current_period_end, cancel_at_period_end, verified_at, created_at, updated_at) values ($1, $2, 'cus_upgrade1', 'sub_upgrade1', 'active', 'price_monthly', 'month', $3, false, now(), now() - interval '30 days', now())`,
    [ids.billing, ids.paying, periodEnd],
  );
  await q(`insert into plan_grants (id, user_id, plan, until, reason, created_at) values ($1, $2, 'premium', now() + interval '365 days', 'band member', now())`, [ids.grant, ids.granted]);
  await q(
    `insert into song_progress (id, user_id, device_key, song_key, title, artist, plays, minutes, last_played_at, updated_at) values ($1, $2, 'install-upgrade-1', 'amazing grace|traditional', 'Amazing Grace', 'Traditional', 12, 48.5, now() - interval '2 days', now())`,
    [ids.progress, ids.paying],
  );
  await q(`insert into email_tokens (id, user_id, purpose, token_hash, expires_at, created_at) values ($1, $2, 'verify_email', $3, now() + interval '1 day', now())`, [randomUUID(), ids.unconfirmed, sha256(secrets.verifyToken)]);
  await q(`insert into audit_logs (created_at, user_id, action, category, severity, ip, metadata) values (now() - interval '1 day', $1, 'auth.login', 'security', 'info', '203.0.113.7', '{"device":"Stage laptop"}'), (now(), $1, 'billing.plan_changed', 'business', 'info', null, '{"to":"premium"}')`, [ids.paying]);
  await q(`insert into stripe_webhook_events (id, type, status, attempts, received_at, started_at, processed_at) values ('evt_upgrade1', 'invoice.paid', 'processed', 1, now(), now(), now())`, []);
  await q(`insert into cache_store (key, value, expires_at, updated_at) values ('stripe:portal-configuration', '"bpc_upgrade1"', now() + interval '1 day', now())`, []);
  return { ids, secrets, periodEnd };
}

const TABLES = ['users', 'devices', 'sessions', 'billing_accounts', 'plan_grants', 'song_progress', 'email_tokens', 'audit_logs', 'stripe_webhook_events', 'cache_store'];

async function counts(db: pg.Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = Number((await db.query(`select count(*) from ${table}`)).rows[0].count);
  return out;
}

describe.each(startingPoints)('upgrading from %s', (_label, lastMigration) => {
  const dbName = `st_upgrade_${randomBytes(4).toString('hex')}`;
  afterAll(() => dropDatabase(inject('pgServerUrl'), dbName));

  it('keeps every row, then the new backend signs the users in and serves their data', async () => {
    const url = await createDatabase(inject('pgServerUrl'), dbName);
    const older = await migrateUp(url, { to: lastMigration });
    expect(older).toEqual(names.slice(0, names.indexOf(lastMigration) + 1));

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let seeded: Awaited<ReturnType<typeof seed>>;
    let before: Record<string, number>;
    try {
      seeded = await seed(db);
      before = await counts(db);
      expect(Object.values(before).every((n) => n > 0)).toBe(true);

      // What `npm run migrate` (or the backend at start) applies on upgrade.
      expect(await migrateUp(url)).toEqual(names.slice(older.length));
      expect(await counts(db)).toEqual(before);
      const billing = (await db.query('select * from billing_accounts where id = $1', [seeded.ids.billing])).rows[0];
      expect(billing).toMatchObject({ stripe_customer_id: 'cus_upgrade1', subscription_id: 'sub_upgrade1', status: 'active', cancel_at_period_end: false, revoked_reason: null });
      expect(Number(billing.sync_version)).toBe(0);
      expect((await db.query('select email, display_name, password_hash from users where id = $1', [seeded.ids.paying])).rows[0]).toMatchObject({ email: 'paying@example.com', display_name: 'Paying Pat' });
    } finally {
      await db.end();
    }

    const backend = await startBackend({ env: { NODE_ENV: 'test', PORT: '0', DATA_DIR: '/nonexistent', BCRYPT_COST: '4', DATABASE_URL: url } });
    try {
      const api = client(backend.url);
      // The seeded session still renews: sign-ins made before the upgrade survive it.
      const renewed = await api.post('/api/auth/refresh', { refreshToken: seeded.secrets.refreshToken });
      expect(renewed.status).toBe(200);
      expect(renewed.body.user.email).toBe('paying@example.com');

      const login = await api.post('/api/auth/login', { email: 'paying@example.com', password: PASSWORD, device: { id: 'install-upgrade-1', name: 'Stage laptop' } });
      expect(login.status).toBe(200);
      const token = login.body.accessToken as string;
      expect(login.body.device.id).toBe(seeded.ids.device);
      expect((await api.get('/api/auth/me', token)).body.user).toMatchObject({ id: seeded.ids.paying, displayName: 'Paying Pat', emailVerified: true });
      expect((await api.get('/api/progress', token)).body.songs).toEqual([expect.objectContaining({ title: 'Amazing Grace', artist: 'Traditional', plays: 12, minutes: 48.5 })]);
      expect((await api.get('/api/billing/subscription', token)).body).toMatchObject({ plan: 'premium', source: 'stripe', status: 'active', currentPeriodEnd: seeded.periodEnd.toISOString() });
      expect((await api.get('/api/entitlements', token)).body.claims).toMatchObject({ plan: 'premium', source: 'stripe', device: 'install-upgrade-1' });
      const exported = (await api.get('/api/account/export', token)).body;
      expect(exported.activity.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'billing.plan_changed']));

      const granted = await api.post('/api/auth/login', { email: 'granted@example.com', password: PASSWORD, device: { id: 'install-upgrade-2', name: 'Home' } });
      expect((await api.get('/api/entitlements', granted.body.accessToken)).body.claims).toMatchObject({ plan: 'premium', source: 'grant' });

      // A confirmation link mailed before the upgrade still works after it.
      expect((await api.post('/api/auth/verify-email', { token: seeded.secrets.verifyToken })).status).toBe(200);
      expect((await api.post('/api/auth/login', { email: 'unconfirmed@example.com', password: PASSWORD, device: { id: 'install-upgrade-3', name: 'Laptop' } })).status).toBe(200);
    } finally {
      await backend.close();
    }
  });
});
