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
  /** Requests sent to Stripe by this instance, for the benchmark and /api/metrics. */
  calls: () => number;
  breaker: CircuitBreaker;
}

/** The error a call refused by the open breaker fails with (the SDK wraps it in StripeConnectionError). */
export class StripeCircuitOpen extends Error {
  constructor() {
    super('Stripe circuit breaker is open: Stripe failed repeatedly, calls are skipped for a moment');
  }
}

/** Sends every SDK request through the breaker, which counts its outcome. */
function breakerHttpClient(inner: Stripe.HttpClient, breaker: CircuitBreaker): Stripe.HttpClient {
  return {
    getClientName: () => inner.getClientName(),
    async makeRequest(...args: Parameters<Stripe.HttpClient['makeRequest']>): Promise<Stripe.HttpClientResponse> {
      if (!breaker.allow()) throw new StripeCircuitOpen();
      try {
        const res = await inner.makeRequest(...args);
        const status = res.getStatusCode();
        if (status >= 500 || status === 429) breaker.failure();
        else breaker.success();
        return res;
      } catch (err) {
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
  const api = new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    timeout: timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: 'StageTracker Pro' },
    httpClient: breakerHttpClient(Stripe.createNodeHttpClient(), breaker),
    ...(apiBase
      ? { host: apiBase.hostname, port: Number(apiBase.port || (apiBase.protocol === 'https:' ? 443 : 80)), protocol: apiBase.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
  let count = 0;
  api.on('request', () => {
    count++;
  });
  return { api, calls: () => count, breaker };
}
