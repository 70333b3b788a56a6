import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { STRONG_PASSWORD, signedInUser, uniqueEmail } from '../helpers/accounts.ts';
import { User } from '../../backend/src/modules/users/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  // Cost 12 here on purpose: the timing comparison below must use the production cost.
  app = await initTestApp({ BCRYPT_COST: '12' });
  api = client(app.url);
});
afterAll(() => app.close());

describe('POST /api/auth/login', () => {
  it('signs in with a 24-hour access token, a refresh token and the device', async () => {
    const { tokens, device } = await signedInUser(app, { deviceName: 'Venue laptop' });
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    const ttl = Date.parse(tokens.accessTokenExpiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(23.9 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
    expect(tokens.refreshToken.length).toBeGreaterThanOrEqual(43);
    expect(tokens.device).toMatchObject({ name: 'Venue laptop', current: true });
    const me = await api.get('/api/auth/me', tokens.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.device.name).toBe(device.name);
  });

  it('answers the same for an unknown email and a wrong password, in similar time', async () => {
    const { email } = await signedInUser(app);
    const time = async (body: object) => {
      const t = performance.now();
      const res = await api.post('/api/auth/login', body);
      return { res, ms: performance.now() - t };
    };
    const wrong = await time({ email, password: 'Wrong-Password-1' });
    const unknown = await time({ email: uniqueEmail('ghost'), password: 'Wrong-Password-1' });
    expectError(wrong.res, 401, 'invalid_credentials');
    expectError(unknown.res, 401, 'invalid_credentials');
    expect(unknown.res.body.error.message).toBe(wrong.res.body.error.message);
    // Both pay for one bcrypt comparison at cost 12 (~200+ ms); neither returns early.
    expect(unknown.ms).toBeGreaterThan(wrong.ms * 0.5);
    expect(wrong.ms).toBeGreaterThan(unknown.ms * 0.5);
    const failures = await app.deps.orm.em.fork().find(AuditLog, { action: 'auth.login_failed' });
    expect(failures.map((f) => f.metadata?.reason)).toEqual(expect.arrayContaining(['wrong_password', 'unknown_email']));
  });

  it('tells an unverified user to confirm their email (only after the right password)', async () => {
    const email = uniqueEmail('unverified');
    await api.post('/api/auth/register', { email, password: STRONG_PASSWORD });
    expectError(await api.post('/api/auth/login', { email, password: STRONG_PASSWORD }), 403, 'email_not_verified');
    expectError(await api.post('/api/auth/login', { email, password: 'Wrong-Password-1' }), 401, 'invalid_credentials');
  });

  it('refuses a disabled account with a clear message, and its live tokens stop working', async () => {
    const { email, password, tokens } = await signedInUser(app);
    const em = app.deps.orm.em.fork();
    const user = await em.findOneOrFail(User, { email });
    user.disabledAt = new Date();
    await em.flush();
    expectError(await api.post('/api/auth/login', { email, password }), 403, 'account_disabled');
    expectError(await api.get('/api/auth/me', tokens.accessToken), 403, 'account_disabled');
  });

  it.each([
    ['no password', { email: 'a@example.com' }, 'password'],
    ['device without name', { email: 'a@example.com', password: 'x', device: { id: 'abcdefgh1' } }, 'device.name'],
    ['device id with spaces', { email: 'a@example.com', password: 'x', device: { id: 'has spaces!', name: 'n' } }, 'device.id'],
    ['unknown client', { email: 'a@example.com', password: 'x', client: 'desktop' }, 'client'],
  ])('rejects %s', async (_n, body, field) => {
    const res = await api.post('/api/auth/login', body);
    expectError(res, 400, 'validation_failed');
    expect(Object.keys(res.body.error.fields)).toContain(field);
  });

  it('sets an HTTP-only session cookie and a CSRF token for the web client', async () => {
    const { email, password } = await signedInUser(app);
    const res = await api.post('/api/auth/login', { email, password, client: 'web' });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('st_session='))!;
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=lax/i);
    expect(cookies.find((c) => c.startsWith('st_csrf='))).not.toMatch(/httponly/i);
    const cookieHeader = cookies.map((c) => c.split(';')[0]).join('; ');

    // Reads work with the cookie alone; state changes need the CSRF header.
    expect((await api.call('GET', '/api/auth/me', { headers: { cookie: cookieHeader } })).status).toBe(200);
    const noCsrf = await api.call('POST', '/api/auth/update-profile', { body: { displayName: 'X' }, headers: { cookie: cookieHeader } });
    expectError(noCsrf, 403, 'csrf_failed');
    const withCsrf = await api.call('POST', '/api/auth/update-profile', {
      body: { displayName: 'Web Name' },
      headers: { cookie: cookieHeader, 'x-csrf-token': res.body.csrfToken },
    });
    expect(withCsrf.status).toBe(200);
    expect(withCsrf.body.user.displayName).toBe('Web Name');
  });
});
