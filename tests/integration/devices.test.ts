import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { AuditLog } from '../../backend/src/modules/audit/entity.ts';
import { makePremium } from '../helpers/plans.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

describe('/api/devices', () => {
  it('lists each signed-in device once, marks the current one, and signs one out remotely', async () => {
    const home = await signedInUser(app, { deviceId: 'home-laptop-01', deviceName: 'Home laptop' });
    await makePremium(app, home.email);
    const venue = await api.post('/api/auth/login', { email: home.email, password: home.password, device: { id: 'venue-laptop-01', name: 'Venue laptop' } });
    // Signing in twice from one device does not list it twice.
    await api.post('/api/auth/login', { email: home.email, password: home.password, device: { id: 'venue-laptop-01', name: 'Venue laptop (renamed)' } });

    const list = await api.get('/api/devices', home.tokens.accessToken);
    expect(list.status).toBe(200);
    expect(list.body.devices.map((d: { name: string; current: boolean }) => [d.name, d.current]).sort()).toEqual([
      ['Home laptop', true],
      ['Venue laptop (renamed)', false],
    ]);

    const venueId = list.body.devices.find((d: { current: boolean }) => !d.current).id;
    const out = await api.del(`/api/devices/${venueId}`, home.tokens.accessToken);
    expect(out.status).toBe(200);
    expect(out.body.message).toContain('Venue laptop (renamed) was signed out');
    expectError(await api.get('/api/auth/me', venue.body.accessToken), 401, 'session_revoked');
    const after = await api.get('/api/devices', home.tokens.accessToken);
    expect(after.body.devices).toHaveLength(1);
    expect(await app.deps.orm.em.fork().count(AuditLog, { action: 'device.signed_out', userId: home.userId })).toBe(1);
  });

  it('cannot touch another account\'s device, and validates the id', async () => {
    const a = await signedInUser(app);
    const b = await signedInUser(app);
    const bDevices = await api.get('/api/devices', b.tokens.accessToken);
    expectError(await api.del(`/api/devices/${bDevices.body.devices[0].id}`, a.tokens.accessToken), 404, 'not_found');
    expectError(await api.del('/api/devices/not-a-uuid', a.tokens.accessToken), 400, 'validation_failed');
    expect((await api.get('/api/auth/me', b.tokens.accessToken)).status).toBe(200);
  });

  it('on Free, a second device gets 409 listing the devices; replacing one signs it out', async () => {
    const home = await signedInUser(app, { deviceId: 'free-home-0001', deviceName: 'Home' });
    const second = await api.post('/api/auth/login', { email: home.email, password: home.password, device: { id: 'free-venue-001', name: 'Venue' } });
    expectError(second, 409, 'device_limit');
    expect(second.body.error.message).toMatch(/allows 1 signed-in device/);
    expect(second.body.error.details.devices.map((d: { name: string }) => d.name)).toEqual(['Home']);
    // The device already signed in can always sign in again.
    const again = await api.post('/api/auth/login', { email: home.email, password: home.password, device: home.device });
    expect(again.status).toBe(200);

    const replaced = await api.post('/api/auth/login', {
      email: home.email,
      password: home.password,
      device: { id: 'free-venue-001', name: 'Venue' },
      replaceDevice: second.body.error.details.devices[0].id,
    });
    expect(replaced.status).toBe(200);
    expectError(await api.get('/api/auth/me', again.body.accessToken), 401, 'session_revoked');
    const list = await api.get('/api/devices', replaced.body.accessToken);
    expect(list.body.devices.map((d: { name: string }) => d.name)).toEqual(['Venue']);
  });

  it('on Premium, up to 5 devices', async () => {
    const user = await signedInUser(app, { deviceId: 'prem-dev-0000' });
    await makePremium(app, user.email);
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      statuses.push((await api.post('/api/auth/login', { email: user.email, password: user.password, device: { id: `prem-dev-000${i}`, name: `Laptop ${i}` } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 409]);
  });

  it('needs a sign-in', async () => {
    expectError(await api.get('/api/devices'), 401, 'token_missing');
  });
});
