import Stripe from 'stripe';
import type { Config } from '../../config.ts';

export interface StripeClient {
  api: Stripe;
  /** Requests sent to Stripe by this instance, for the benchmark and /api/metrics. */
  calls: () => number;
}

/**
 * The official SDK, pointed at the project's fake Stripe when STRIPE_API_BASE is set
 * (development and tests). Retries are left to our callers: a webhook answers 5xx and
 * Stripe retries; a read falls back to our copy.
 */
export function createStripeClient(config: Config): StripeClient | undefined {
  const { secretKey, apiBase, timeoutMs } = config.stripe;
  if (!secretKey) return undefined;
  const api = new Stripe(secretKey, {
    timeout: timeoutMs,
    maxNetworkRetries: 0,
    telemetry: false,
    appInfo: { name: 'StageTracker Pro' },
    ...(apiBase
      ? { host: apiBase.hostname, port: Number(apiBase.port || (apiBase.protocol === 'https:' ? 443 : 80)), protocol: apiBase.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
  let count = 0;
  api.on('request', () => {
    count++;
  });
  return { api, calls: () => count };
}
