import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { unauthorized } from '../../http/errors.ts';

const ALGORITHM = 'HS256' as const;
const AUDIENCE = 'stagetracker-api';

// jsonwebtoken turns a string secret into a key on every call by first trying (and failing)
// to parse it as a public key: an exception per request. Convert each secret once.
const keys = new Map<string, KeyObject>();
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export interface AccessClaims {
  sub: string;
  /** Session id: the session row decides whether the token is still accepted. */
  sid: string;
}

export function signAccessToken(claims: AccessClaims, opts: { secret: string; issuer: string; ttlMs: number }) {
  const expiresAt = new Date(Date.now() + opts.ttlMs);
  const token = jwt.sign({ sid: claims.sid }, keyFor(opts.secret), {
    algorithm: ALGORITHM,
    subject: claims.sub,
    issuer: opts.issuer,
    audience: AUDIENCE,
    expiresIn: Math.floor(opts.ttlMs / 1000),
  });
  return { token, expiresAt };
}

/**
 * Tokens already verified, with their expiry: a player asks every few minutes with the same
 * token, and the signature check and JSON decoding were most of a hot request's own work. The
 * same bytes always verify the same way under one secret, so only expiry is re-checked. Bounded:
 * the oldest entries go first.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { claims: AccessClaims; expMs: number; secret: string; issuer: string }>();

/** Verifies signature (algorithm pinned: no `none`, no RS/HS confusion), issuer, audience and expiry. */
export function verifyAccessToken(token: string, opts: { secret: string; issuer: string }): AccessClaims {
  const known = verified.get(token);
  if (known && known.secret === opts.secret && known.issuer === opts.issuer && known.expMs > Date.now()) return known.claims;
  try {
    const payload = jwt.verify(token, keyFor(opts.secret), { algorithms: [ALGORITHM], issuer: opts.issuer, audience: AUDIENCE });
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') {
      throw unauthorized('token_invalid', 'Your sign-in token is not valid. Sign in again.');
    }
    const claims = { sub: payload.sub, sid: payload.sid };
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expMs: payload.exp * 1000, secret: opts.secret, issuer: opts.issuer });
    return claims;
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw unauthorized('token_expired', 'Your sign-in has expired. Sign in again.');
    if (err instanceof jwt.JsonWebTokenError || err instanceof jwt.NotBeforeError) {
      throw unauthorized('token_invalid', 'Your sign-in token is not valid. Sign in again.');
    }
    throw err;
  }
}
