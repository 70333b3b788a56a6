import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { lastLink, signedInUser, tokenFromLink, uniqueEmail } from '../helpers/accounts.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';
import { makePremium } from '../helpers/plans.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('change password', () => {
  it('needs the current password, keeps this session and signs out the others', async () => {
    const user = await signedInUser(app, { deviceId: 'laptop-home-1' });
    await makePremium(app, user.email);
    const other = await api.post('/api/auth/login', { email: user.email, password: user.password, device: { id: 'laptop-venue-1', name: 'Venue' } });
    const wrong = await api.post('/api/auth/change-password', { currentPassword: 'Not-The-One-1', newPassword: 'Brand-New-Pass-7' }, user.tokens.accessToken);
    expectError(wrong, 403, 'wrong_password');
    const weak = await api.post('/api/auth/change-password', { currentPassword: user.password, newPassword: 'weak' }, user.tokens.accessToken);
    expectError(weak, 400, 'validation_failed');
    expect(weak.body.error.fields.newPassword.length).toBeGreaterThanOrEqual(2);

    const ok = await api.post('/api/auth/change-password', { currentPassword: user.password, newPassword: 'Brand-New-Pass-7' }, user.tokens.accessToken);
    expect(ok.status).toBe(200);
    expect((await api.get('/api/auth/me', user.tokens.accessToken)).status).toBe(200);
    expectError(await api.get('/api/auth/me', other.body.accessToken), 401, 'session_revoked');
    expectError(await api.post('/api/auth/login', { email: user.email, password: user.password }), 401, 'invalid_credentials');
    expect((await api.post('/api/auth/login', { email: user.email, password: 'Brand-New-Pass-7' })).status).toBe(200);
    expect(await app.deps.orm.em.fork().count(AuditLog, { action: 'auth.password_changed', userId: user.userId })).toBe(1);
    expect(app.deps.mailer.outbox.some((m) => m.to === user.email && /password was changed/.test(m.subject))).toBe(true);
  });
});

describe('forgot and reset password', () => {
  it('mails a single-use link; resetting signs out every device', async () => {
    const user = await signedInUser(app);
    const asked = await api.post('/api/auth/forgot-password', { email: user.email });
    expect(asked.status).toBe(202);
    const token = tokenFromLink(lastLink(app, user.email, /Reset/));
    const weak = await api.post('/api/auth/reset-password', { token, newPassword: 'weak' });
    expectError(weak, 400, 'validation_failed');
    const ok = await api.post('/api/auth/reset-password', { token, newPassword: 'Reset-Done-2024' });
    expect(ok.status).toBe(200);
    expectError(await api.get('/api/auth/me', user.tokens.accessToken), 401, 'session_revoked');
    expectError(await api.post('/api/auth/reset-password', { token, newPassword: 'Another-One-2024' }), 400, 'link_used');
    expect((await api.post('/api/auth/login', { email: user.email, password: 'Reset-Done-2024' })).status).toBe(200);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const before = app.deps.mailer.outbox.length;
    const email = uniqueEmail('nobody');
    const res = await api.post('/api/auth/forgot-password', { email });
    expect(res.status).toBe(202);
    expect(res.body.message).toContain(email);
    expect(app.deps.mailer.outbox.length).toBe(before);
  });

  it('works from the mailed page: a form that posts back and shows each broken rule', async () => {
    const user = await signedInUser(app);
    await api.post('/api/auth/forgot-password', { email: user.email });
    const link = lastLink(app, user.email, /Reset/);
    const form = await fetch(link.replace(/^http:\/\/[^/]+/, app.url));
    expect(await form.text()).toContain('name="newPassword"');
    const post = (newPassword: string) =>
      fetch(`${app.url}/auth/reset-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: tokenFromLink(link), newPassword }),
      });
    const weak = await post('short');
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('Use at least 10 characters.');
    const ok = await post('From-The-Page-99');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Password changed');
  });
});
