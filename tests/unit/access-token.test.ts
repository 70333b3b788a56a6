import { afterEach, describe, expect, it, vi } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../../backend/src/modules/sessions/access-token.ts';

const opts = { secret: 'a-secret-of-at-least-thirty-two-characters!', issuer: 'stagetracker-test', ttlMs: 60_000 };

describe('access tokens, remembered once verified', () => {
  afterEach(() => vi.useRealTimers());

  it('a remembered token still expires on time', () => {
    vi.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    const { token } = signAccessToken({ sub: 'u1', sid: 's1' }, opts);
    expect(verifyAccessToken(token, opts)).toEqual({ sub: 'u1', sid: 's1' });
    vi.setSystemTime(new Date('2026-12-01T10:01:01Z'));
    expect(() => verifyAccessToken(token, opts)).toThrow(/expired/);
  });

  it.each([
    ['another secret', { ...opts, secret: 'another-secret-of-at-least-thirty-two-chars' }],
    ['another issuer', { ...opts, issuer: 'someone-else' }],
  ])('a remembered token is checked again under %s', (_, other) => {
    const { token } = signAccessToken({ sub: 'u2', sid: 's2' }, opts);
    expect(verifyAccessToken(token, opts).sid).toBe('s2');
    expect(() => verifyAccessToken(token, other)).toThrow(/not valid/);
  });

  it('a tampered token is refused even after the genuine one was remembered', () => {
    const { token } = signAccessToken({ sub: 'u3', sid: 's3' }, opts);
    verifyAccessToken(token, opts);
    const [h, p, sig] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sid: 'other' })).toString('base64url')}.${sig}`;
    expect(() => verifyAccessToken(forged, opts)).toThrow(/not valid/);
  });
});
