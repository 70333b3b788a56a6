import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { makePremium } from '../helpers/plans.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp();
  api = client(app.url);
});
afterAll(() => app.close());

const song = (over: object = {}) => ({ songId: 'local-1', title: 'Amazing Grace', artist: 'Traditional', plays: 3, minutes: 12.5, lastPlayedAt: '2026-11-01T20:00:00.000Z', ...over });

describe('/api/progress', () => {
  it('merges the logs of two devices per song, idempotently and whatever the order', async () => {
    const home = await signedInUser(app, { deviceId: 'progress-home-1' });
    await makePremium(app, home.email);
    const venue = await api.post('/api/auth/login', { email: home.email, password: home.password, device: { id: 'progress-venue-1', name: 'Venue' } });

    await api.post('/api/progress/save', { songs: [song()] }, home.tokens.accessToken);
    // The same report again, and an older (smaller) one arriving late, change nothing.
    await api.post('/api/progress/save', { songs: [song()] }, home.tokens.accessToken);
    await api.post('/api/progress/save', { songs: [song({ plays: 1, minutes: 4, lastPlayedAt: '2026-10-01T20:00:00.000Z' })] }, home.tokens.accessToken);
    // The venue laptop has the same song under another local id, with different case.
    const saved = await api.post(
      '/api/progress/save',
      { songs: [song({ songId: 'venue-77', title: 'amazing grace', plays: 2, minutes: 8, lastPlayedAt: '2026-11-02T21:00:00.000Z' }), song({ songId: 'v2', title: 'Oceans', artist: 'Hillsong', plays: 1, minutes: 9 })] },
      venue.body.accessToken,
    );
    expect(saved.status).toBe(200);
    const both = await api.get('/api/progress', home.tokens.accessToken);
    expect(both.body.songs).toEqual([
      { songKey: 'amazing grace|traditional', title: 'amazing grace', artist: 'Traditional', plays: 5, minutes: 20.5, lastPlayedAt: '2026-11-02T21:00:00.000Z', devices: 2 },
      { songKey: 'oceans|hillsong', title: 'Oceans', artist: 'Hillsong', plays: 1, minutes: 9, lastPlayedAt: '2026-11-01T20:00:00.000Z', devices: 1 },
    ]);
    expect((await api.get('/api/progress', venue.body.accessToken)).body).toEqual(both.body);
  });

  it('keeps each account to itself', async () => {
    const other = await signedInUser(app);
    expect((await api.get('/api/progress', other.tokens.accessToken)).body.songs).toEqual([]);
  });

  it.each([
    ['no songs', { songs: [] }],
    ['negative plays', { songs: [song({ plays: -1 })] }],
    ['plays as text', { songs: [song({ plays: 'three' })] }],
    ['bad date', { songs: [song({ lastPlayedAt: 'yesterday' })] }],
    ['huge title', { songs: [song({ title: 'x'.repeat(201) })] }],
    ['unknown field', { songs: [song({ rating: 5 })] }],
  ])('rejects %s and stores nothing', async (_n, body) => {
    const user = await signedInUser(app);
    expectError(await api.post('/api/progress/save', body, user.tokens.accessToken), 400, 'validation_failed');
    expect((await api.get('/api/progress', user.tokens.accessToken)).body.songs).toEqual([]);
  });

  it('needs a sign-in', async () => {
    expectError(await api.post('/api/progress/save', { songs: [song()] }), 401, 'token_missing');
  });
});
