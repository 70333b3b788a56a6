import { afterAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import jwt from 'jsonwebtoken';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser, uniqueEmail } from '../helpers/accounts.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';

/**
 * The attacks on a backend run with the defaults: a token forged with a secret from the source,
 * an open development mailbox, a client that rotates X-Forwarded-For, a flood of reset mails.
 */
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((a) => a.close())));
const boot = async (env: Record<string, string> = {}) => {
  const app = await initTestApp(env);
  apps.push(app);
  return app;
};

/** A reverse proxy as nginx runs it: appends the connecting address to X-Forwarded-For. */
async function appendingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, 'x-forwarded-for': forwarded } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const randomIp = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');

async function failedLogins(url: string, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `${randomIp()}, ${randomIp()}` },
      body: JSON.stringify({ email: uniqueEmail('spoof'), password: 'Wrong-password-1', device: { id: 'spoofing-device', name: 'x' } }),
    });
    await res.text();
    statuses.push(res.status);
  }
  return statuses;
}
const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('no constant secrets', () => {
  it('refuses a token forged with the development secret that used to be in the source', async () => {
    const app = await boot();
    const user = await signedInUser(app);
    const claims = jwt.decode(user.tokens.accessToken) as { sub: string; sid: string };
    const forged = jwt.sign({ sid: claims.sid }, 'development-only-secret-change-me-0123456789', { subject: claims.sub, audience: 'stagetracker-api', issuer: 'stagetracker', algorithm: 'HS256' });
    expectError(await client(app.url).get('/api/auth/me', forged), 401, 'token_invalid');
    const none = jwt.sign({ sid: claims.sid }, '', { subject: claims.sub, audience: 'stagetracker-api', issuer: 'stagetracker', algorithm: 'none' });
    expectError(await client(app.url).get('/api/auth/me', none), 401, 'token_invalid');
  });
});

describe('the development mailbox', () => {
  it('answers only with the token printed at start', async () => {
    const app = await boot();
    const email = uniqueEmail('mailbox');
    await client(app.url).post('/api/auth/forgot-password', { email: (await signedInUser(app, { email })).email });
    const token = app.deps.config.devMailbox!.token;
    expectError(await client(app.url).get('/api/dev/mail'), 401, 'dev_mail_token');
    expectError(await client(app.url).call('GET', '/api/dev/mail', { headers: { 'x-dev-mail-token': 'guess'.repeat(7) } }), 401, 'dev_mail_token');
    const read = await client(app.url).call('GET', `/api/dev/mail?to=${encodeURIComponent(email)}`, { headers: { 'x-dev-mail-token': token } });
    expect(read.status).toBe(200);
    expect(read.body.mails.some((m: { subject: string }) => /Reset/.test(m.subject))).toBe(true);
    expect((await client(app.url).get(`/api/dev/mail?token=${token}`)).status).toBe(200);
  });

  it('does not exist when SMTP is configured', async () => {
    const app = await boot({ SMTP_URL: 'smtp://127.0.0.1:1' });
    expect(app.deps.config.devMailbox).toBeNull();
    expect((await client(app.url).get('/api/dev/mail')).status).toBe(404);
  });
});

describe('client IP behind a proxy (TRUST_PROXY hop count)', () => {
  it('35 failed logins with a rotated X-Forwarded-For through one proxy still hit the per-IP limit', async () => {
    const app = await boot({ TRUST_PROXY: '1', RATE_LIMIT_LOGIN_PER_IP: '30', RATE_LIMIT_LOGIN_PER_EMAIL: '1000' });
    const proxy = await appendingProxy(app.url);
    try {
      const statuses = await failedLogins(proxy.url, 35);
      console.log(`[rate-limit] TRUST_PROXY=1 behind one proxy, rotated X-Forwarded-For: ${JSON.stringify(tally(statuses))}`);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
    } finally {
      await proxy.close();
    }
    expect(await app.deps.orm.em.fork().count(AuditLog, { action: 'security.rate_limited', ip: '127.0.0.1' })).toBeGreaterThanOrEqual(1);
  });

  it('without TRUST_PROXY (the default) X-Forwarded-For is ignored', async () => {
    const app = await boot({ RATE_LIMIT_LOGIN_PER_IP: '30', RATE_LIMIT_LOGIN_PER_EMAIL: '1000' });
    const statuses = await failedLogins(app.url, 35);
    console.log(`[rate-limit] TRUST_PROXY=0, direct, rotated X-Forwarded-For: ${JSON.stringify(tally(statuses))}`);
    expect(statuses.slice(30)).toEqual([429, 429, 429, 429, 429]);
  });
});

describe('mails per address', () => {
  it('limits reset and verification mails per email, whichever networks ask', async () => {
    const app = await boot({ RATE_LIMIT_MAIL_PER_EMAIL: '3', RATE_LIMIT_REGISTER_PER_IP: '1000' });
    const api = client(app.url);
    const { email } = await signedInUser(app);
    const resets: number[] = [];
    for (let i = 0; i < 5; i++) resets.push((await api.post('/api/auth/forgot-password', { email })).status);
    expect(resets).toEqual([202, 202, 202, 429, 429]);
    expect(app.deps.mailer.outbox.filter((m) => m.to === email && /Reset/.test(m.subject))).toHaveLength(3);

    const unverified = uniqueEmail('unverified');
    await api.post('/api/auth/register', { email: unverified, password: 'Correct-Horse-42' });
    const resends: number[] = [];
    for (let i = 0; i < 4; i++) resends.push((await api.post('/api/auth/resend-verification', { email: unverified })).status);
    expect(resends).toEqual([202, 202, 202, 429]);
    // Another address is not affected.
    expect((await api.post('/api/auth/forgot-password', { email: uniqueEmail('other') })).status).toBe(202);
  });
});
