import { describe, expect, it } from 'vitest';
import { accountStorage } from './storage';
import { memoryArea } from './testing';
import { createTokenKeeper } from './tokens';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const later = new Date(Date.now() + 3_600_000).toISOString();

describe('refresh-token rotation in the background', () => {
  it('concurrent calls with an expired access token share ONE rotation', async () => {
    const storage = accountStorage(memoryArea());
    await storage.write('account.session', { accessToken: 'old', accessTokenExpiresAt: later, refreshToken: 'r1', refreshTokenExpiresAt: later });
    let rotations = 0;
    const fetch = async (url: string, init: RequestInit) => {
      if (url.endsWith('/api/auth/refresh')) {
        rotations++;
        await new Promise((r) => setTimeout(r, 20));
        return json(200, { accessToken: 'new', accessTokenExpiresAt: later, refreshToken: 'r2', refreshTokenExpiresAt: later });
      }
      const auth = new Headers(init.headers).get('Authorization');
      return auth === 'Bearer new' ? json(200, { ok: true }) : json(401, { error: { code: 'token_expired', message: 'expired' } });
    };
    const keeper = createTokenKeeper({ storage, fetch, onSessionEnded: async () => {} });
    const results = await Promise.all([1, 2, 3].map(() => keeper.authorized('http://x', { method: 'GET', path: '/api/entitlements' })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(rotations).toBe(1);
    expect((await storage.read('account.session'))?.refreshToken).toBe('r2');
  });

  it('a revoked session ends the sign-in (the library is not touched here)', async () => {
    const storage = accountStorage(memoryArea());
    await storage.write('account.session', { accessToken: 'a', accessTokenExpiresAt: later, refreshToken: 'r', refreshTokenExpiresAt: later });
    const ended: string[] = [];
    const keeper = createTokenKeeper({
      storage,
      fetch: async () => json(401, { error: { code: 'session_revoked', message: 'This device was signed out. Sign in again.' } }),
      onSessionEnded: async (m) => void ended.push(m),
    });
    const result = await keeper.authorized('http://x', { method: 'GET', path: '/api/entitlements' });
    expect(result.ok).toBe(false);
    expect(ended).toEqual(['This device was signed out. Sign in again.']);
  });

  it('an unreachable server is an answer, not a hang or a throw', async () => {
    const storage = accountStorage(memoryArea());
    await storage.write('account.session', { accessToken: 'a', accessTokenExpiresAt: later, refreshToken: 'r', refreshTokenExpiresAt: later });
    const keeper = createTokenKeeper({ storage, fetch: async () => Promise.reject(new TypeError('Failed to fetch')), onSessionEnded: async () => {} });
    const result = await keeper.authorized('http://x', { method: 'GET', path: '/api/entitlements' });
    expect(result).toMatchObject({ ok: false, error: { status: 0, code: 'unreachable' } });
  });
});
