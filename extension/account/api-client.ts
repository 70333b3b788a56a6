import type { ApiErrorBody } from '../../shared/api/errors';
import type { AccountFailure, AccountResult } from '../../shared/messages';

/** Long enough for a slow venue network, short enough that nobody waits on it: nothing in the player awaits this. */
const API_TIMEOUT_MS = 8000;

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  accessToken?: string;
  /** 'no-cache' revalidates what the HTTP cache holds (e.g. a key the server just rotated). */
  cache?: RequestCache;
}

/**
 * One HTTP call to the backend, answered as a result rather than thrown: the API's error shape
 * (code, message, per-field messages, details) reaches the panel whole. Never hangs: a timeout
 * or an unreachable server is `status: 0`.
 */
export async function callApi<T>(fetchFn: Fetch, baseUrl: string, req: ApiRequest, timeoutMs = API_TIMEOUT_MS): Promise<AccountResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.accessToken) headers.Authorization = `Bearer ${req.accessToken}`;
  let response: Response;
  try {
    response = await fetchFn(`${baseUrl.replace(/\/$/, '')}${req.path}`, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: AbortSignal.timeout(timeoutMs),
      credentials: 'omit',
      cache: req.cache,
    });
  } catch (error) {
    return { ok: false, error: unreachable(baseUrl, error) };
  }
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return { ok: true, value: body as T };
  return { ok: false, error: failureOf(response.status, body) };
}

function unreachable(baseUrl: string, error: unknown): AccountFailure {
  const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
  return {
    status: 0,
    code: timedOut ? 'timeout' : 'unreachable',
    message: timedOut
      ? `The server at ${baseUrl} did not answer in time. Your plan and library keep working offline; try again later.`
      : `Cannot reach the server at ${baseUrl}. Your plan and library keep working offline; check the connection or the server address.`,
  };
}

function failureOf(status: number, body: unknown): AccountFailure {
  const error = (body as Partial<ApiErrorBody> | null)?.error;
  if (!error || typeof error.message !== 'string') {
    return { status, code: `http_${status}`, message: `The server answered ${status} without an explanation. Try again later.` };
  }
  return { status, code: error.code, message: error.message, fields: error.fields, details: error.details };
}
