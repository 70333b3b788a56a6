import type { Context, Middleware } from 'koa';
import { hmac, safeEqual } from '../../crypto.ts';
import { forbidden, unauthorized } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import { hotKeys } from '../cache/hot.ts';
import { verifyAccessToken } from './access-token.ts';
import type { AuthCheckDeps, SessionDeps } from './deps.ts';
import { Session } from './entity.ts';

export const SESSION_COOKIE = 'st_session';
export const CSRF_COOKIE = 'st_csrf';

/** What a request needs to know about its session; cacheable (plain data). */
export interface Principal {
  sessionId: string;
  userId: string;
  deviceClientId: string | null;
  revokedReason: string | null;
  revoked: boolean;
  disabled: boolean;
}

declare module 'koa' {
  interface DefaultState {
    /** `session` is loaded unless the route asked for the cached check only. */
    auth?: { principal: Principal; session?: Session; via: 'bearer' | 'cookie' };
  }
}

const toPrincipal = (s: Session): Principal => ({
  sessionId: s.id,
  userId: s.user.id,
  deviceClientId: s.device?.clientId ?? null,
  revokedReason: s.revokedReason ?? null,
  revoked: !!s.revokedAt,
  disabled: !!s.user.disabledAt,
});

/** A session check is trusted from memory this long; revocations drop it at once (bus). */
const PRINCIPAL_TTL_MS = 30_000;

/** The CSRF token is bound to the session, so a token from another session is useless. */
export const csrfTokenFor = (deps: Pick<SessionDeps, 'config'>, sessionId: string) => hmac(deps.config.jwt.secret, `csrf:${sessionId}`);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function reject(deps: AuthCheckDeps, ctx: Context, code: string, message: string, reason: string): Promise<never> {
  await audit(deps.orm.em, ctx, { action: 'auth.token_rejected', category: 'security', severity: 'warning', metadata: { reason, path: ctx.path } });
  throw unauthorized(code, message);
}

/**
 * Accepts a Bearer access token (the extension) or the session cookie (the backend's own
 * pages, with a CSRF header on state changes). Every token is checked against its
 * session row, so signing out or revoking a device takes effect immediately.
 */
export function requireAuth(deps: AuthCheckDeps, opts: { cached?: boolean } = {}): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    let token: string;
    let via: 'bearer' | 'cookie';
    if (header) {
      const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
      if (!match) return reject(deps, ctx, 'token_invalid', 'Send the sign-in token as "Authorization: Bearer <token>".', 'malformed_header');
      token = match[1]!;
      via = 'bearer';
    } else if (cookie) {
      token = cookie;
      via = 'cookie';
    } else {
      throw unauthorized('token_missing', 'Sign in first.');
    }

    let claims;
    try {
      claims = verifyAccessToken(token, deps.config.jwt);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'token_invalid';
      await audit(deps.orm.em, ctx, { action: 'auth.token_rejected', category: 'security', severity: 'warning', metadata: { reason: code, path: ctx.path } });
      throw err;
    }
    // Hot read-only routes may trust a recent check from memory; the rest load the row.
    const key = hotKeys.session(claims.sub, claims.sid);
    let principal = opts.cached ? (deps.hot.get(key) as Principal | undefined) : undefined;
    let session: Session | undefined;
    if (!principal) {
      session = (await deps.orm.em.findOne(Session, { id: claims.sid }, { populate: ['user', 'device'] })) ?? undefined;
      if (!session || session.user.id !== claims.sub) return reject(deps, ctx, 'token_invalid', 'Your sign-in token is not valid. Sign in again.', 'unknown_session');
      principal = toPrincipal(session);
      if (opts.cached) deps.hot.set(key, principal, PRINCIPAL_TTL_MS);
    }
    if (principal.revoked) return reject(deps, ctx, 'session_revoked', 'This device was signed out. Sign in again.', `revoked:${principal.revokedReason}`);
    if (principal.disabled) throw forbidden('account_disabled', 'This account has been disabled.');

    if (via === 'cookie' && !SAFE_METHODS.has(ctx.method)) {
      const sent = ctx.get('x-csrf-token');
      if (!sent || !safeEqual(sent, csrfTokenFor(deps, principal.sessionId))) {
        await audit(deps.orm.em, ctx, { action: 'auth.csrf_rejected', category: 'security', severity: 'warning', userId: principal.userId, metadata: { path: ctx.path } });
        throw forbidden('csrf_failed', 'This request is missing its CSRF token. Reload the page and try again.');
      }
    }
    ctx.state.auth = { principal, session, via };
    return next();
  };
}

/** The authenticated session row; only behind requireAuth() without `cached`. */
export function currentSession(ctx: Context): Session {
  const session = ctx.state.auth?.session;
  if (!session) throw unauthorized('token_missing', 'Sign in first.');
  return session;
}

/** Who is calling; behind any requireAuth(). */
export function currentPrincipal(ctx: Context): Principal {
  const principal = ctx.state.auth?.principal;
  if (!principal) throw unauthorized('token_missing', 'Sign in first.');
  return principal;
}

