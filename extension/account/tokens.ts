import type { TokenPair } from '../../shared/api/auth';
import type { AccountResult } from '../../shared/messages';
import { callApi, type ApiRequest, type Fetch } from './api-client';
import type { AccountStorage, StoredSession } from './storage';

/** Renew a little before the server would refuse the access token. */
const RENEW_BEFORE_MS = 60_000;
/** Answers that mean this sign-in is over for good (revoked, expired, reused). */
const SESSION_ENDED = /^(refresh_token_|session_revoked)/;

/**
 * Authorised calls for the background service worker, the only context that holds the tokens.
 * A refresh token is single use, so rotations are single-flight: concurrent calls share one.
 */
export function createTokenKeeper(deps: { storage: AccountStorage; fetch: Fetch; now?: () => number; onSessionEnded: (message: string) => Promise<void> }) {
  const { storage, now = Date.now } = deps;
  let rotating: Promise<StoredSession | null> | null = null;

  async function rotate(baseUrl: string, stale: StoredSession): Promise<StoredSession | null> {
    rotating ??= (async () => {
      const current = await storage.read('account.session');
      // Another call rotated already: use its tokens.
      if (current && current.refreshToken !== stale.refreshToken) return current;
      if (!current) return null;
      const result = await callApi<TokenPair>(deps.fetch, baseUrl, { method: 'POST', path: '/api/auth/refresh', body: { refreshToken: current.refreshToken } });
      if (result.ok) {
        const next = pick(result.value);
        await storage.write('account.session', next);
        return next;
      }
      if (result.error.status === 401 && SESSION_ENDED.test(result.error.code)) await deps.onSessionEnded(result.error.message);
      return null;
    })().finally(() => {
      rotating = null;
    });
    return rotating;
  }

  /** Calls the API with a fresh access token, renewing it once if the server says it expired. */
  async function authorized<T>(baseUrl: string, req: Omit<ApiRequest, 'accessToken'>): Promise<AccountResult<T>> {
    let session = await storage.read('account.session');
    if (!session) return { ok: false, error: { status: 401, code: 'signed_out', message: 'Sign in first.' } };
    if (Date.parse(session.accessTokenExpiresAt) - now() < RENEW_BEFORE_MS) session = (await rotate(baseUrl, session)) ?? session;
    let result = await callApi<T>(deps.fetch, baseUrl, { ...req, accessToken: session.accessToken });
    if (!result.ok && result.error.status === 401 && /^token_/.test(result.error.code)) {
      const renewed = await rotate(baseUrl, session);
      if (renewed) result = await callApi<T>(deps.fetch, baseUrl, { ...req, accessToken: renewed.accessToken });
      else if (!(await storage.read('account.session'))) return { ok: false, error: { status: 401, code: 'signed_out', message: 'This device was signed out. Sign in again.' } };
    }
    if (!result.ok && result.error.status === 401 && result.error.code === 'session_revoked') await deps.onSessionEnded(result.error.message);
    return result;
  }

  return { authorized };
}

export const pick = (t: TokenPair): StoredSession => ({
  accessToken: t.accessToken,
  accessTokenExpiresAt: t.accessTokenExpiresAt,
  refreshToken: t.refreshToken,
  refreshTokenExpiresAt: t.refreshTokenExpiresAt,
});
