import type { AuthDeps } from './modules/auth/deps.ts';
import type { EntitlementDeps } from './modules/entitlements/deps.ts';
import type { Metrics } from './modules/metrics/service.ts';

/**
 * Every service of one backend instance (config, orm, log, stripe, cache, hot, invalidate, now,
 * mailer, passwords, rateLimits, entitlementKeys, metrics), built once by createDeps (deps-factory.ts).
 * Modules never see this type: each takes its own deps interface (modules/<name>/deps.ts, or a
 * few members), and this one is their union plus the lifecycle.
 */
export interface Deps extends AuthDeps, EntitlementDeps {
  /** This instance's Prometheus metrics (requests, pool, Stripe, webhooks, caches). */
  metrics: Metrics;
  /** Stops timers and listeners owned by this instance. */
  close(): Promise<void>;
}
