import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser, STRONG_PASSWORD, uniqueEmail, lastLink, tokenFromLink } from '../helpers/accounts.ts';
import { makePremium } from '../helpers/plans.ts';

/** Device limits that hold under concurrency, and entitlements only for devices, bound to them. */
let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp({ RATE_LIMIT_LOGIN_PER_EMAIL: '1000', RATE_LIMIT_LOGIN_PER_IP: '1000', RATE_LIMIT_REGISTER_PER_IP: '1000' });
  api = client(app.url);
});
afterAll(() => app.close());

async function verifiedAccount() {
  const email = uniqueEmail('devices');
  expect((await api.post('/api/auth/register', { email, password: STRONG_PASSWORD })).status).toBe(201);
  expect((await api.post('/api/auth/verify-email', { token: tokenFromLink(lastLink(app, email, /Confirm/)) })).status).toBe(200);
  return email;
}
const activeDevices = async (email: string) =>
  Number((await app.deps.orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from devices d join users u on u.id = d.user_id where u.email = ? and d.signed_out_at is null`, [email]))[0]!.n);

describe('device limits under concurrency', () => {
  it('six concurrent sign-ins from new devices on Free (limit 1) admit exactly one', async () => {
    const email = await verifiedAccount();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => api.post('/api/auth/login', { email, password: STRONG_PASSWORD, device: { id: `race-device-${i}-abc`, name: `Laptop ${i}` } })),
    );
    const statuses = answers.map((a) => a.status).sort();
    console.log(`[devices] 6 concurrent new-device sign-ins on Free: ${JSON.stringify(statuses)}`);
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409)) expectError(refused, 409, 'device_limit');
    expect(await activeDevices(email)).toBe(1);
  });

  it('on Premium (limit 5), twelve concurrent new devices admit exactly five', async () => {
    const email = await verifiedAccount();
    await makePremium(app, email);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api.post('/api/auth/login', { email, password: STRONG_PASSWORD, device: { id: `prem-race-${i}-abc`, name: `Laptop ${i}` } })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    expect(await activeDevices(email)).toBe(5);
  });
});

describe('sessions without a device', () => {
  it('the extension must sign in as a device', async () => {
    const email = await verifiedAccount();
    const res = await api.post('/api/auth/login', { email, password: STRONG_PASSWORD, client: 'extension' });
    expectError(res, 400, 'device_required');
    expect(res.body.error.fields.device).toHaveLength(1);
  });

  it('a sign-in without a device is a web session: not listed as a device, and never given an entitlement', async () => {
    const email = await verifiedAccount();
    await makePremium(app, email);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => api.post('/api/auth/login', { email, password: STRONG_PASSWORD })));
    expect(sessions.every((s) => s.status === 200 && s.body.device === null)).toBe(true);
    for (const s of sessions) {
      const ent = await api.get('/api/entitlements', s.body.accessToken);
      expectError(ent, 403, 'device_required');
    }
    const rows = await app.deps.orm.em.fork().getConnection().execute<{ client: string }[]>(`select distinct client from sessions s join users u on u.id = s.user_id where u.email = ?`, [email]);
    expect(rows.map((r) => r.client)).toEqual(['web']);
    expect(await activeDevices(email)).toBe(0);
  });
});

describe('entitlements are bound to a device', () => {
  it('carries the device id it was issued to, one per device', async () => {
    const home = await signedInUser(app, { deviceId: 'bound-home-0001' });
    await makePremium(app, home.email);
    const venue = await api.post('/api/auth/login', { email: home.email, password: home.password, device: { id: 'bound-venue-001', name: 'Venue' } });
    const a = await api.get('/api/entitlements', home.tokens.accessToken);
    const b = await api.get('/api/entitlements', venue.body.accessToken);
    expect(a.body.claims.device).toBe('bound-home-0001');
    expect(decodeJwt(a.body.token).device).toBe('bound-home-0001');
    expect(b.body.claims.device).toBe('bound-venue-001');
    expect(decodeJwt(b.body.token).device).toBe('bound-venue-001');
  });
});
