import type { Context, Middleware } from 'koa';
import type { Deps } from '../../deps.ts';
import { forbidden, unauthorized } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import { Session } from '../sessions/entity.ts';
import { verifyAccessToken } from './access-token.ts';
import { hmac, safeEqual } from './crypto.ts';

export const SESSION_COOKIE = 'st_session';
export const CSRF_COOKIE = 'st_csrf';

declare module 'koa' {
  interface DefaultState {
    auth?: { session: Session; via: 'bearer' | 'cookie' };
  }
}

/** The CSRF token is bound to the session, so a token from another session is useless. */
export const csrfTokenFor = (deps: Deps, sessionId: string) => hmac(deps.config.jwt.secret, `csrf:${sessionId}`);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

async function reject(ctx: Context, code: string, message: string, reason: string): Promise<never> {
  await audit(ctx.deps.orm.em, ctx, { action: 'auth.token_rejected', category: 'security', severity: 'warning', metadata: { reason, path: ctx.path } });
  throw unauthorized(code, message);
}

/**
 * Accepts a Bearer access token (the extension) or the session cookie (the backend's own
 * pages, with a CSRF header on state changes). Every token is checked against its
 * session row, so signing out or revoking a device takes effect immediately.
 */
export function requireAuth(): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const cookie = ctx.cookies.get(SESSION_COOKIE);
    let token: string;
    let via: 'bearer' | 'cookie';
    if (header) {
      const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header);
      if (!match) return reject(ctx, 'token_invalid', 'Send the sign-in token as "Authorization: Bearer <token>".', 'malformed_header');
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
      claims = verifyAccessToken(token, ctx.deps.config.jwt);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'token_invalid';
      await audit(ctx.deps.orm.em, ctx, { action: 'auth.token_rejected', category: 'security', severity: 'warning', metadata: { reason: code, path: ctx.path } });
      throw err;
    }
    const session = await ctx.deps.orm.em.findOne(Session, { id: claims.sid }, { populate: ['user', 'device'] });
    if (!session || session.user.id !== claims.sub) return reject(ctx, 'token_invalid', 'Your sign-in token is not valid. Sign in again.', 'unknown_session');
    if (session.revokedAt) return reject(ctx, 'session_revoked', 'This device was signed out. Sign in again.', `revoked:${session.revokedReason}`);
    if (session.user.disabledAt) throw forbidden('account_disabled', 'This account has been disabled.');

    if (via === 'cookie' && !SAFE_METHODS.has(ctx.method)) {
      const sent = ctx.get('x-csrf-token');
      if (!sent || !safeEqual(sent, csrfTokenFor(ctx.deps, session.id))) {
        await audit(ctx.deps.orm.em, ctx, { action: 'auth.csrf_rejected', category: 'security', severity: 'warning', userId: session.user.id, metadata: { path: ctx.path } });
        throw forbidden('csrf_failed', 'This request is missing its CSRF token. Reload the page and try again.');
      }
    }
    ctx.state.auth = { session, via };
    return next();
  };
}

/** The authenticated session; only call behind requireAuth. */
export function currentSession(ctx: Context): Session {
  const auth = ctx.state.auth;
  if (!auth) throw unauthorized('token_missing', 'Sign in first.');
  return auth.session;
}
