import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';
import { createFakeStripe, type FakeStripe } from '../../tools/fake-stripe/index.ts';
import { startBackendProcess, type BackendProcess } from '../helpers/backend-process.ts';
import { roundRobinProxy } from '../helpers/round-robin-proxy.ts';
import { client, expectError } from '../helpers/http.ts';
import { eventually } from '../helpers/eventually.ts';
import { uniqueEmail } from '../helpers/accounts.ts';

// Two backend processes on one PostgreSQL and one Redis, behind a loopback round-robin proxy,
// as in production behind a load balancer.
const WEBHOOK_SECRET = 'whsec_two_processes_test';
const dbName = `st_procs_${randomBytes(4).toString('hex')}`;
let fake: FakeStripe;
let a: BackendProcess;
let b: BackendProcess;
let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;

beforeAll(async () => {
  const url = await createDatabase(inject('pgServerUrl'), dbName, { template: inject('pgTemplate') });
  fake = await createFakeStripe();
  await fake.seedCatalog();
  const env = {
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    BCRYPT_COST: '4',
    // Instances behind one load balancer share their secret, as production sets it (tests otherwise get one per process).
    JWT_SECRET: randomBytes(48).toString('base64url'),
    RATE_LIMIT_LOGIN_PER_EMAIL: '4',
    STRIPE_SECRET_KEY: fake.secretKey,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
  };
  [a, b] = await Promise.all([startBackendProcess(url, env), startBackendProcess(url, env)]);
  proxy = await roundRobinProxy([a.url, b.url]);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await fake?.close();
  await dropDatabase(inject('pgServerUrl'), dbName);
});

describe('two backend processes behind a proxy', () => {
  it('hold one rate limit between them (Redis)', async () => {
    const api = client(proxy.url);
    const email = uniqueEmail('procs-limit');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.post('/api/auth/login', { email, password: 'Wrong-Password-1' })).status);
    // Alternating between the two processes, the fifth attempt is still the fifth.
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('refuse a session on one process once it was signed out on the other', async () => {
    const email = uniqueEmail('procs-session');
    await client(proxy.url).post('/api/auth/register', { email, password: 'Correct-Horse-42' });
    const login = await client(a.url).post('/api/auth/login', { email, password: 'Correct-Horse-42', device: { id: 'procs-device-1', name: 'A' } });
    const token = login.body.accessToken as string;
    // Process B remembers the session check from this read.
    expect((await client(b.url).get('/api/entitlements', token)).status).toBe(200);
    expect((await client(a.url).post('/api/auth/logout', undefined, token)).status).toBe(200);
    await eventually(async () => (await client(b.url).get('/api/entitlements', token)).status === 401);
    expectError(await client(b.url).get('/api/entitlements', token), 401, 'session_revoked');
  });

  it('a webhook handled by one process drops the plan cache of the other', async () => {
    await client(b.url).get('/api/billing/plans');
    await fake.resetCalls();
    await client(b.url).get('/api/billing/plans');
    expect((await fake.calls())['GET /v1/prices'] ?? 0).toBe(0);
    const payload = JSON.stringify({ id: `evt_procs_${Date.now()}`, object: 'event', type: 'price.updated', api_version: Stripe.API_VERSION, created: Math.floor(Date.now() / 1000), data: { object: { id: 'price_x', object: 'price' } }, livemode: false, pending_webhooks: 1, request: null });
    const signature = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const res = await fetch(`${a.url}/api/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload });
    expect(res.status).toBe(200);
    await eventually(async () => {
      await client(b.url).get('/api/billing/plans');
      return ((await fake.calls())['GET /v1/prices'] ?? 0) >= 1;
    });
  });
});
