import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { Session } from '../../backend/src/modules/sessions/entity.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('access tokens', () => {
  it.each([
    ['no token', undefined, 401, 'token_missing'],
    ['garbage', 'Bearer not.a.jwt', 401, 'token_invalid'],
    ['wrong scheme', 'Basic abc', 401, 'token_invalid'],
  ])('refuses %s', async (_n, header, status, code) => {
    const res = await api.call('GET', '/api/auth/me', { headers: header ? { authorization: header } : {} });
    expectError(res, status, code);
  });

  it('refuses a token signed with another secret, with alg none, or for another audience', async () => {
    const { tokens } = await signedInUser(app);
    const claims = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
    const forged = jwt.sign({ sid: claims.sid }, 'another-secret-another-secret-another', { subject: claims.sub, audience: 'stagetracker-api', issuer: 'stagetracker' });
    const none = jwt.sign({ sid: claims.sid, sub: claims.sub, aud: 'stagetracker-api', iss: 'stagetracker' }, '', { algorithm: 'none' });
    const otherAudience = jwt.sign({ sid: claims.sid }, app.deps.config.jwt.secret, { subject: claims.sub, audience: 'other', issuer: 'stagetracker' });
    for (const token of [forged, none, otherAudience]) expectError(await api.get('/api/auth/me', token), 401, 'token_invalid');
    const rejected = await app.deps.orm.em.fork().count(AuditLog, { action: 'auth.token_rejected' });
    expect(rejected).toBeGreaterThanOrEqual(3);
  });

  it('refuses an expired token with its own code', async () => {
    const { tokens } = await signedInUser(app);
    const claims = jwt.decode(tokens.accessToken) as jwt.JwtPayload;
    const expired = jwt.sign({ sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 10 }, app.deps.config.jwt.secret, {
      subject: claims.sub,
      audience: 'stagetracker-api',
      issuer: 'stagetracker',
    });
    expectError(await api.get('/api/auth/me', expired), 401, 'token_expired');
  });
});

describe('refresh and logout', () => {
  it('rotates the refresh token: the new one works, the old one is retired', async () => {
    const { tokens } = await signedInUser(app);
    const first = await api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(tokens.refreshToken);
    expect((await api.get('/api/auth/me', first.body.accessToken)).status).toBe(200);
    const second = await api.post('/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
  });

  it('treats a retired token presented right after rotation as a race, not theft', async () => {
    const { tokens } = await signedInUser(app);
    const [a, b] = await Promise.all([
      api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken }),
      api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 401]);
    const winner = a.status === 200 ? a : b;
    expect((await api.get('/api/auth/me', winner.body.accessToken)).status).toBe(200);
  });

  it('revokes the session when a retired refresh token is replayed later', async () => {
    const { tokens } = await signedInUser(app);
    const rotated = await api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken });
    // Age the rotation past the race window.
    await app.deps.orm.em.fork().nativeUpdate(Session, { previousRefreshTokenHash: { $ne: null } }, { lastUsedAt: new Date(Date.now() - 60_000) });
    const replay = await api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken });
    expectError(replay, 401, 'refresh_token_reused');
    expectError(await api.get('/api/auth/me', rotated.body.accessToken), 401, 'session_revoked');
    expectError(await api.post('/api/auth/refresh', { refreshToken: rotated.body.refreshToken }), 401, 'session_revoked');
    const entry = await app.deps.orm.em.fork().findOne(AuditLog, { action: 'auth.refresh_rejected', severity: 'critical' });
    expect(entry?.metadata).toEqual({ reason: 'reused' });
  });

  it('refuses unknown and expired refresh tokens', async () => {
    expectError(await api.post('/api/auth/refresh', { refreshToken: 'unknown-token-value' }), 401, 'refresh_token_invalid');
    const { tokens } = await signedInUser(app);
    await app.deps.orm.em.fork().nativeUpdate(Session, { revokedAt: null }, { refreshExpiresAt: new Date(Date.now() - 1000) });
    expectError(await api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken }), 401, 'refresh_token_expired');
  });

  it('logout revokes the session at once, and keeps the audit trail', async () => {
    const { tokens, userId } = await signedInUser(app);
    const out = await api.post('/api/auth/logout', undefined, tokens.accessToken);
    expect(out.status).toBe(200);
    expect(out.body.message).toMatch(/library stays/);
    expectError(await api.get('/api/auth/me', tokens.accessToken), 401, 'session_revoked');
    expectError(await api.post('/api/auth/refresh', { refreshToken: tokens.refreshToken }), 401, 'session_revoked');
    expect(await app.deps.orm.em.fork().count(AuditLog, { action: 'auth.logout', userId })).toBe(1);
  });

  it('signing in again from the same device replaces its old session', async () => {
    const first = await signedInUser(app, { deviceId: 'same-device-0001' });
    const again = await api.post('/api/auth/login', { email: first.email, password: first.password, device: first.device });
    expect(again.status).toBe(200);
    expectError(await api.get('/api/auth/me', first.tokens.accessToken), 401, 'session_revoked');
    expect((await api.get('/api/auth/me', again.body.accessToken)).status).toBe(200);
  });
});

describe('profile', () => {
  it('updates the display name and validates it', async () => {
    const { tokens } = await signedInUser(app);
    const ok = await api.post('/api/auth/update-profile', { displayName: '  The Band  ' }, tokens.accessToken);
    expect(ok.body.user.displayName).toBe('The Band');
    expectError(await api.post('/api/auth/update-profile', {}, tokens.accessToken), 400, 'validation_failed');
    expectError(await api.post('/api/auth/update-profile', { displayName: 'x'.repeat(81) }, tokens.accessToken), 400, 'validation_failed');
    expectError(await api.post('/api/auth/update-profile', { email: 'x@y.z' }, tokens.accessToken), 400, 'validation_failed');
  });
});
