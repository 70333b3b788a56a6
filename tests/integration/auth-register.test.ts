import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { STRONG_PASSWORD, lastLink, tokenFromLink, uniqueEmail } from '../helpers/accounts.ts';
import { User } from '../../backend/src/modules/users/entity.ts';
import { EmailToken } from '../../backend/src/modules/email-tokens/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('POST /api/auth/register', () => {
  it('creates an account, stores a bcrypt hash and a hashed expiring token, and mails a link', async () => {
    const email = uniqueEmail('new');
    const res = await api.post('/api/auth/register', { email: `  ${email.toUpperCase()} `, password: STRONG_PASSWORD, displayName: 'Ana' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, displayName: 'Ana', emailVerified: false });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);

    const em = app.deps.orm.em.fork();
    const user = await em.findOneOrFail(User, { email });
    expect(user.passwordHash).toMatch(/^\$2b\$04\$/); // tests run at cost 4; the default is 12 (unit test)
    const link = lastLink(app, email, /Confirm/);
    const token = tokenFromLink(link);
    const stored = await em.findOneOrFail(EmailToken, { user });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await em.count(AuditLog, { action: 'auth.registered', userId: user.id })).toBe(1);
  });

  it.each([
    ['missing body', undefined, { email: ['Email is required.'], password: ['Password is required.'] }],
    ['bad email', { email: 'not-an-email', password: STRONG_PASSWORD }, { email: ['Enter a valid email address.'] }],
    ['email as number', { email: 42, password: STRONG_PASSWORD }, { email: ['Email must be text.'] }],
    ['password as array', { email: 'x@example.com', password: ['a'] }, { password: ['Password must be text.'] }],
    ['unknown field', { email: 'x@example.com', password: STRONG_PASSWORD, admin: true }, { body: ['Unknown field: admin.'] }],
    ['huge email', { email: `${'a'.repeat(300)}@example.com`, password: STRONG_PASSWORD }, { email: ['Email is too long.'] }],
  ])('rejects %s with field messages', async (_name, body, fields) => {
    const res = await api.call('POST', '/api/auth/register', { body });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields).toEqual(fields);
  });

  it('gives one message per broken password rule', async () => {
    const res = await api.post('/api/auth/register', { email: uniqueEmail(), password: 'short' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields.password).toEqual(['Use at least 10 characters.', 'Include an uppercase letter.', 'Include a digit.']);
  });

  it('answers 409 for a duplicate email, whatever its case', async () => {
    const email = uniqueEmail('dup');
    expect((await api.post('/api/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
    const again = await api.post('/api/auth/register', { email: email.toUpperCase(), password: STRONG_PASSWORD });
    expectError(again, 409, 'email_taken');
  });

  it('lets exactly one of two concurrent registrations of one email succeed', async () => {
    const email = uniqueEmail('race');
    const answers = await Promise.all([1, 2, 3, 4].map(() => api.post('/api/auth/register', { email, password: STRONG_PASSWORD })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await app.deps.orm.em.fork().count(User, { email })).toBe(1);
  });
});

describe('email verification', () => {
  it('confirms through the JSON route once, then refuses the used link, and sends the welcome mail', async () => {
    const email = uniqueEmail('verify');
    await api.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    const token = tokenFromLink(lastLink(app, email, /Confirm/));
    const ok = await api.post('/api/auth/verify-email', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.emailVerified).toBe(true);
    expect(app.deps.mailer.outbox.some((m) => m.to === email && /Welcome/.test(m.subject))).toBe(true);
    expectError(await api.post('/api/auth/verify-email', { token }), 400, 'link_used');
  });

  it('confirms through the mailed link page and shows a readable page for a bad link', async () => {
    const email = uniqueEmail('page');
    await api.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    const link = lastLink(app, email, /Confirm/);
    const page = await fetch(link.replace(/^http:\/\/[^/]+/, app.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Email confirmed');
    const bad = await fetch(`${app.url}/api/auth/verify-email?token=${'x'.repeat(43)}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not valid');
  });

  it('refuses an expired link', async () => {
    const short = await initTestApp({ EMAIL_TOKEN_TTL: '1ms' });
    try {
      const a = client(short.url);
      const email = uniqueEmail('expired');
      await a.post('/api/auth/register', { email, password: STRONG_PASSWORD });
      await new Promise((r) => setTimeout(r, 10));
      expectError(await a.post('/api/auth/verify-email', { token: tokenFromLink(lastLink(short, email)) }), 400, 'link_expired');
    } finally {
      await short.close();
    }
  });

  it('resends a link without telling whether the address exists', async () => {
    const email = uniqueEmail('resend');
    await api.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    const first = lastLink(app, email, /Confirm/);
    const known = await api.post('/api/auth/resend-verification', { email });
    const unknown = await api.post('/api/auth/resend-verification', { email: uniqueEmail('nobody') });
    expect([known.status, unknown.status]).toEqual([202, 202]);
    const second = lastLink(app, email, /Confirm/);
    expect(second).not.toBe(first);
    // The older link stops working once a new one is sent.
    expectError(await api.post('/api/auth/verify-email', { token: tokenFromLink(first) }), 400, 'link_used');
    expect((await api.post('/api/auth/verify-email', { token: tokenFromLink(second) })).status).toBe(200);
  });
});
