import Stripe from 'stripe';
import type { Config } from '../../config.ts';
import { CircuitBreaker } from './breaker.ts';

/**
 * The Stripe API version this backend is written against (billing periods on subscription items,
 * invoice payments, `parent.subscription_details`). Pinned so that an SDK upgrade or a change of
 * the account's default version never changes the shapes we read; upgrade it deliberately.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export interface StripeClient {
  api: Stripe;
  /** Requests sent to Stripe by this instance (not those the open breaker refused), for the benchmark and /api/metrics. */
  calls: () => number;
  /** Sent requests that failed, by kind, for /api/metrics. */
  errors: () => StripeErrorCounts;
  breaker: CircuitBreaker;
}

export interface StripeErrorCounts {
  /** No answer within the timeout. */
  timeout: number;
  /** Refused or reset connections, DNS failures. */
  network: number;
  /** 429: Stripe's own rate limit. */
  rateLimited: number;
  /** Other 4xx: usually a configuration problem (or a customer Stripe does not know). */
  client: number;
  /** 5xx. */
  server: number;
}

/** The error a call refused by the open breaker fails with (the SDK wraps it in StripeConnectionError). */
export class StripeCircuitOpen extends Error {
  constructor() {
    super('Stripe circuit breaker is open: Stripe failed repeatedly, calls are skipped for a moment');
  }
}

/** Sends every SDK request through the breaker, which counts its outcome, and counts calls and errors. */
function breakerHttpClient(inner: Stripe.HttpClient, breaker: CircuitBreaker, counts: { calls: number; errors: StripeErrorCounts }): Stripe.HttpClient {
  return {
    getClientName: () => inner.getClientName(),
    async makeRequest(...args: Parameters<Stripe.HttpClient['makeRequest']>): Promise<Stripe.HttpClientResponse> {
      if (!breaker.allow()) throw new StripeCircuitOpen();
      counts.calls++;
      try {
        const res = await inner.makeRequest(...args);
        const status = res.getStatusCode();
        if (status === 429) counts.errors.rateLimited++;
        else if (status >= 500) counts.errors.server++;
        else if (status >= 400) counts.errors.client++;
        if (status >= 500 || status === 429) breaker.failure();
        else breaker.success();
        return res;
      } catch (err) {
        const { code, message } = err as { code?: string; message?: string };
        if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message ?? '')) counts.errors.timeout++;
        else counts.errors.network++;
        breaker.failure();
        throw err;
      }
    },
  };
}

/**
 * The official SDK, pointed at the project's fake Stripe when STRIPE_API_BASE is set
 * (development and tests). Retries are left to our callers: a webhook answers 5xx and
 * Stripe retries; a read falls back to our copy.
 */
export function createStripeClient(config: Config): StripeClient | undefined {
  const { secretKey, apiBase, timeoutMs } = config.stripe;
  if (!secretKey) return undefined;
  const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000 });
  const counts = { calls: 0, errors: { timeout: 0, network: 0, rateLimited: 0, client: 0, server: 0 } };
  const api = new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    timeout: timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: 'StageTracker Pro' },
    httpClient: breakerHttpClient(Stripe.createNodeHttpClient(), breaker, counts),
    ...(apiBase
      ? { host: apiBase.hostname, port: Number(apiBase.port || (apiBase.protocol === 'https:' ? 443 : 80)), protocol: apiBase.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
  return { api, calls: () => counts.calls, errors: () => ({ ...counts.errors }), breaker };
}
