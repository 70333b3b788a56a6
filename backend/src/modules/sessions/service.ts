import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenPair } from '../../../../shared/api/auth.ts';
import type { Config } from '../../config.ts';
import { newSecret, sha256 } from '../../crypto.ts';
import { unauthorized } from '../../http/errors.ts';
import { hotKeys } from '../cache/hot.ts';
import type { User } from '../users/entity.ts';
import { signAccessToken } from './access-token.ts';
import type { SessionDeps } from './deps.ts';
import type { Device } from './device-entity.ts';
import { Session } from './entity.ts';

/** A refresh presented again within this window after rotation is a benign client race, not theft. */
const ROTATION_RACE_MS = 10_000;

export interface NewSession {
  user: User;
  device: Device | null;
  client: 'extension' | 'web';
  ip: string | null;
  userAgent: string | null;
}

export function createSession(em: EntityManager, input: NewSession, config: Config) {
  const refreshToken = newSecret();
  const session = em.create(Session, {
    user: input.user,
    device: input.device,
    client: input.client,
    refreshTokenHash: sha256(refreshToken),
    refreshExpiresAt: new Date(Date.now() + config.refreshTtlMs),
    ip: input.ip?.slice(0, 64) ?? null,
    userAgent: input.userAgent?.slice(0, 256) ?? null,
  });
  return { session, refreshToken };
}

export function issueTokens(session: Session, refreshToken: string, config: Config): TokenPair {
  const access = signAccessToken({ sub: session.user.id, sid: session.id }, { ...config.jwt, ttlMs: config.jwt.accessTtlMs });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: session.refreshExpiresAt.toISOString(),
  };
}

export type RefreshOutcome =
  | { ok: true; session: Session; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'race' | 'reused'; session?: Session };

/**
 * Rotates a refresh credential: the old one is retired and a new one returned, with a
 * sliding expiry so a musician who is online now and then never has to sign in again.
 * Presenting a retired credential revokes the session (someone copied it).
 */
export async function rotateRefreshToken(deps: Pick<SessionDeps, 'invalidate' | 'config'>, em: EntityManager, presented: string): Promise<RefreshOutcome> {
  const { config } = deps;
  const hash = sha256(presented);
  const session = await em.findOne(Session, { refreshTokenHash: hash }, { populate: ['user', 'device'] });
  if (!session) {
    const previous = await em.findOne(Session, { previousRefreshTokenHash: hash }, { populate: ['user'] });
    if (!previous) return { ok: false, reason: 'unknown' };
    if (previous.revokedAt) return { ok: false, reason: 'revoked', session: previous };
    if (Date.now() - previous.lastUsedAt.getTime() < ROTATION_RACE_MS) return { ok: false, reason: 'race', session: previous };
    await revokeSessions(deps, em, previous.user.id, { sessionId: previous.id }, 'refresh_token_reused');
    return { ok: false, reason: 'reused', session: previous };
  }
  if (session.revokedAt) return { ok: false, reason: 'revoked', session };
  if (session.refreshExpiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired', session };

  const next = newSecret();
  // Compare-and-swap so two concurrent refreshes cannot both rotate the same credential.
  const changed = await em.nativeUpdate(
    Session,
    { id: session.id, refreshTokenHash: hash },
    { refreshTokenHash: sha256(next), previousRefreshTokenHash: hash, refreshExpiresAt: new Date(Date.now() + config.refreshTtlMs), lastUsedAt: new Date() },
  );
  if (changed !== 1) return { ok: false, reason: 'race', session };
  await em.refresh(session);
  return { ok: true, session, refreshToken: next };
}

export interface WhichSessions {
  sessionId?: string;
  deviceId?: string;
  exceptSessionId?: string;
}

/**
 * The one way sessions end: the rows are marked revoked, and every backend instance forgets
 * the session checks it remembers for this user, so the tokens stop working everywhere at once.
 * Inside a transaction, pass an `invalidate` that waits for the commit (see deferInvalidation).
 */
export async function revokeSessions(deps: Pick<SessionDeps, 'invalidate'>, em: EntityManager, userId: string, which: WhichSessions, reason: string): Promise<number> {
  const revoked = await em.nativeUpdate(
    Session,
    {
      user: userId,
      revokedAt: null,
      ...(which.sessionId ? { id: which.sessionId } : which.exceptSessionId ? { id: { $ne: which.exceptSessionId } } : {}),
      ...(which.deviceId ? { device: which.deviceId } : {}),
    },
    { revokedAt: new Date(), revokedReason: reason },
  );
  await deps.invalidate([hotKeys.userSessions(userId)]);
  return revoked;
}

export const refreshFailure = {
  unknown: () => unauthorized('refresh_token_invalid', 'This sign-in can no longer be renewed. Sign in again.'),
  expired: () => unauthorized('refresh_token_expired', 'Your sign-in expired after a long time offline. Sign in again.'),
  revoked: () => unauthorized('session_revoked', 'This device was signed out. Sign in again.'),
  race: () => unauthorized('refresh_token_rotated', 'This renewal token was just used; use the newest one you received.'),
  reused: () => unauthorized('refresh_token_reused', 'This sign-in was used from somewhere else, so it was ended for your safety. Sign in again.'),
};

/**
 * Collects the keys a transaction's work wants dropped, to announce them after the commit: told
 * earlier, another instance could re-read and remember the rows as they were before it.
 */
export function deferInvalidation(deps: Pick<SessionDeps, 'invalidate'>) {
  const keys = new Set<string>();
  return {
    deps: { invalidate: async (more: string[]) => void more.forEach((k) => keys.add(k)) },
    flush: () => (keys.size ? deps.invalidate([...keys]) : Promise.resolve()),
  };
}
