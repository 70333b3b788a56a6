import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { STRONG_PASSWORD, signedInUser, uniqueEmail } from '../helpers/accounts.ts';

/**
 * The hostile values that answered 500 (NUL in a name, a title or a song id, year 0000) and their
 * relatives: each is a 400 naming the field, and nothing is stored.
 */
let app: TestApp;
let api: ReturnType<typeof client>;
let token: string;
beforeAll(async () => {
  app = await initTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000' });
  api = client(app.url);
  token = (await signedInUser(app)).tokens.accessToken;
});
afterAll(() => app.close());

const HOSTILE_TEXT: [string, string][] = [
  ['NUL', 'Jo\u0000hn'],
  ['a bell (C0)', 'Jo\u0007hn'],
  ['a newline', 'Jo\nhn'],
  ['DEL', 'Jo\u007Fhn'],
  ['a C1 control', 'Jo\u0085hn'],
  ['a lone high surrogate', 'Jo\uD83Dhn'],
  ['a lone low surrogate', 'Jo\uDE00hn'],
];
const song = (over: Record<string, unknown>) => ({ songId: 'song-1', title: 'Amazing Grace', artist: 'Trad.', plays: 1, minutes: 3, lastPlayedAt: '2026-01-01T20:00:00Z', ...over });
const countRows = async (table: string) => Number((await app.deps.orm.em.fork().getConnection().execute<{ n: string }[]>(`select count(*) as n from ${table}`))[0]!.n);

describe('text fields refuse control characters and broken Unicode with a 400', () => {
  it.each(HOSTILE_TEXT)('%s in displayName on register', async (_, value) => {
    const users = await countRows('users');
    const res = await api.post('/api/auth/register', { email: uniqueEmail(), password: STRONG_PASSWORD, displayName: value });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields.displayName[0]).toMatch(/control characters|invalid character/);
    expect(await countRows('users')).toBe(users);
  });

  it.each(HOSTILE_TEXT)('%s in update-profile', async (_, value) => {
    const res = await api.post('/api/auth/update-profile', { displayName: value }, token);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields.displayName).toHaveLength(1);
  });

  it.each(HOSTILE_TEXT)('%s in a progress title, artist or song id', async (_, value) => {
    for (const field of ['title', 'artist', 'songId']) {
      const res = await api.post('/api/progress/save', { songs: [song({ [field]: value })] }, token);
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.fields[`songs.0.${field}`][0]).toMatch(/control characters|invalid character/);
    }
    expect(await countRows('song_progress')).toBe(0);
  });

  it.each(HOSTILE_TEXT)('%s in a device name or password at sign-in', async (_, value) => {
    const user = await signedInUser(app);
    expectError(await api.post('/api/auth/login', { email: user.email, password: user.password, device: { id: 'device-hostile-1', name: value } }), 400, 'validation_failed');
    expectError(await api.post('/api/auth/login', { email: user.email, password: `${user.password}${value}`, device: user.device }), 400, 'validation_failed');
  });

  it('keeps real emoji and accents', async () => {
    const ok = await api.post('/api/auth/update-profile', { displayName: 'Jo 🎸 Ünïcødé' }, token);
    expect(ok.status).toBe(200);
    expect(ok.body.user.displayName).toBe('Jo 🎸 Ünïcødé');
  });

  it('bcrypt never sees a NUL: a new password with one is refused', async () => {
    const res = await api.post('/api/auth/register', { email: uniqueEmail(), password: 'Correct-Horse-42\u0000anything' });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields.password).toContain('Do not use control characters.');
  });
});

describe('dates outside a sane range are a 400', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 1899', '1899-12-31T23:59:59Z'],
    ['year 9999', '9999-12-31T23:59:59Z'],
    ['next month', new Date(Date.now() + 31 * 86_400_000).toISOString()],
    ['not a date', '2026-13-45T99:00:00Z'],
    ['a number', 1767297600000],
  ])('lastPlayedAt in %s', async (_, value) => {
    const res = await api.post('/api/progress/save', { songs: [song({ lastPlayedAt: value })] }, token);
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.fields['songs.0.lastPlayedAt']).toHaveLength(1);
  });

  it('accepts a play from today with an offset', async () => {
    const now = new Date();
    const res = await api.post('/api/progress/save', { songs: [song({ lastPlayedAt: now.toISOString().replace('Z', '+00:00') })] }, token);
    expect(res.status).toBe(200);
  });
});
