import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { initBillingTestApp, type BillingTestApp } from '../helpers/billing.ts';
import { client, expectError } from '../helpers/http.ts';
import { lastLink, signedInUser, STRONG_PASSWORD, tokenFromLink, uniqueEmail } from '../helpers/accounts.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

/** What a SaaS user expects: export, delete (cancelling Stripe), change email; and the admin's disable. */
let b: BillingTestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  b = await initBillingTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '1000', RATE_LIMIT_REGISTER_PER_IP: '1000' });
  api = client(b.app.url);
});
afterAll(() => b.close());

const sql = <T>(query: string, params: unknown[] = []) => b.app.deps.orm.em.fork().getConnection().execute<T[]>(query, params);

async function subscribed() {
  const user = await signedInUser(b.app);
  const checkout = await api.post('/api/billing/create-checkout-session', { price: 'premium_monthly' }, user.tokens.accessToken);
  expect(checkout.status).toBe(200);
  await b.fake.pay(checkout.body.id);
  await b.fake.idle();
  return user;
}

describe('export my data', () => {
  it('gives every record about me as JSON, without secrets', async () => {
    const user = await signedInUser(b.app, { deviceName: 'Stage laptop' });
    await api.post('/api/progress/save', { songs: [{ songId: 's1', title: 'Hallelujah', artist: 'Cohen', plays: 2, minutes: 9, lastPlayedAt: '2026-01-02T20:00:00Z' }] }, user.tokens.accessToken);
    const res = await api.get('/api/account/export', user.tokens.accessToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    expect(res.body).toMatchObject({ format: 'stagetracker-account-export/1', user: { email: user.email }, devices: [{ name: 'Stage laptop' }], practiceLog: [{ title: 'Hallelujah', plays: 2 }] });
    expect(res.body.activity.map((a: { action: string }) => a.action)).toContain('auth.login');
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|refreshTokenHash|tokenHash|\$2[aby]\$/);
  });
});

describe('delete my account', () => {
  it('cancels the Stripe subscription, removes personal data, and keeps the audit trail anonymised', async () => {
    const user = await subscribed();
    const sub = await sql<{ subscription_id: string; stripe_customer_id: string }>(`select subscription_id, stripe_customer_id from billing_accounts where user_id = ?`, [user.userId]);
    expect(sub[0]?.subscription_id).toBeTruthy();
    expectError(await api.post('/api/account/delete', { password: 'Wrong-Password-9' }, user.tokens.accessToken), 403, 'wrong_password');
    const auditBefore = await b.app.deps.orm.em.fork().count(AuditLog, { userId: user.userId });
    const res = await api.post('/api/account/delete', { password: user.password }, user.tokens.accessToken);
    expect(res.status).toBe(200);
    expect(res.body.subscriptionsCancelled).toBe(1);

    const stripeSub = await b.app.deps.stripe!.api.subscriptions.retrieve(sub[0]!.subscription_id);
    expect(stripeSub.status).toBe('canceled');
    for (const table of ['users', 'devices', 'sessions', 'email_tokens', 'billing_accounts', 'song_progress']) {
      const rows = await sql<{ n: string }>(`select count(*) as n from ${table} where ${table === 'users' ? 'id' : 'user_id'} = ?`, [user.userId]);
      expect(Number(rows[0]!.n), table).toBe(0);
    }
    // The trail stays, under an id nothing else knows, without addresses or emails.
    expect(await b.app.deps.orm.em.fork().count(AuditLog, { userId: user.userId })).toBe(0);
    const deleted = await b.app.deps.orm.em.fork().findOneOrFail(AuditLog, { action: 'account.deleted' }, { orderBy: { id: 'desc' } });
    const trail = await b.app.deps.orm.em.fork().find(AuditLog, { userId: deleted.userId });
    expect(trail.length).toBeGreaterThanOrEqual(auditBefore);
    expect(JSON.stringify(trail.filter((e) => e.action !== 'account.deleted'))).not.toContain(user.email);
    expect(trail.filter((e) => e.action !== 'account.deleted').every((e) => e.ip === null)).toBe(true);
    // The old token and the password no longer work; the address can register again.
    expectError(await api.get('/api/auth/me', user.tokens.accessToken), 401, 'token_invalid');
    expectError(await api.post('/api/auth/login', { email: user.email, password: user.password, device: user.device }), 401, 'invalid_credentials');
    expect((await api.post('/api/auth/register', { email: user.email, password: STRONG_PASSWORD })).status).toBe(201);
  });

  it('deletes nothing when Stripe cannot cancel the subscription', async () => {
    const user = await subscribed();
    await b.fake.failNext(10, 503, 'DELETE /v1/subscriptions');
    try {
      const res = await api.post('/api/account/delete', { password: user.password }, user.tokens.accessToken);
      expect(res.status).toBe(503);
    } finally {
      await b.fake.clearFaults();
    }
    expect((await api.get('/api/auth/me', user.tokens.accessToken)).status).toBe(200);
    expect((await sql<{ status: string }>(`select status from billing_accounts where user_id = ?`, [user.userId]))[0]?.status).toBe('active');
  });
});

describe('change my email', () => {
  it('keeps the old address until the new one confirms by link, then tells the old one', async () => {
    const user = await signedInUser(b.app);
    const newEmail = uniqueEmail('moved');
    expectError(await api.post('/api/account/change-email', { newEmail, password: 'Wrong-Password-9' }, user.tokens.accessToken), 403, 'wrong_password');
    const other = await signedInUser(b.app);
    expectError(await api.post('/api/account/change-email', { newEmail: other.email, password: user.password }, user.tokens.accessToken), 409, 'email_taken');
    expect((await api.post('/api/account/change-email', { newEmail, password: user.password }, user.tokens.accessToken)).status).toBe(202);
    expect((await api.get('/api/auth/me', user.tokens.accessToken)).body.user.email).toBe(user.email);

    const link = lastLink(b.app, newEmail, /Confirm your new/);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(newEmail);
    expect(b.app.deps.mailer.outbox.some((m) => m.to === user.email && /email was changed/.test(m.subject))).toBe(true);
    // The link works once; sessions made with the old address end.
    expectError(await api.post('/api/account/confirm-email-change', { token: tokenFromLink(link) }), 400, 'link_used');
    expectError(await api.get('/api/auth/me', user.tokens.accessToken), 401, 'session_revoked');
    expect((await api.post('/api/auth/login', { email: newEmail, password: user.password, device: user.device })).status).toBe(200);
    expectError(await api.post('/api/auth/login', { email: user.email, password: user.password, device: user.device }), 401, 'invalid_credentials');
  });
});

describe('npm run admin -- disable <email>', () => {
  it('ends every session at once, in a running backend, and refuses sign-in', async () => {
    const user = await signedInUser(b.app, { deviceId: 'disable-home-01' });
    const web = await api.post('/api/auth/login', { email: user.email, password: user.password, client: 'web' });
    // The hot path remembers the session check: disabling must reach it too.
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).status).toBe(200);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'disable', user.email], {
      env: { ...process.env, DATABASE_URL: b.app.databaseUrl, NODE_ENV: 'test' },
    });
    expect(stdout).toMatch(/is disabled: 2 sessions ended/);
    await new Promise((r) => setTimeout(r, 300)); // the NOTIFY reaches the instance
    expect((await api.get('/api/entitlements', user.tokens.accessToken)).status).toBe(401);
    expect((await api.get('/api/auth/me', web.body.accessToken)).status).toBe(401);
    expectError(await api.post('/api/auth/login', { email: user.email, password: user.password, device: user.device }), 403, 'account_disabled');
    expect(await b.app.deps.orm.em.fork().count(AuditLog, { action: 'account.disabled', userId: user.userId })).toBe(1);
  });
});
