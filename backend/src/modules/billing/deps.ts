import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { RateLimitStore } from '../../http/rate-limit.ts';
import type { Invalidate } from '../cache/hot.ts';
import type { StripeDataCache } from '../cache/service.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { AuthCheckDeps } from '../sessions/deps.ts';
import type { StripeClient } from '../stripe/client.ts';

/** What billing's service, pages and reconciliation job use (and webhooks, through syncCustomer). */
export interface BillingDeps {
  config: Config;
  orm: MikroORM;
  log: Logger;
  /** Undefined when no Stripe key is configured: billing routes then answer 503. */
  stripe: StripeClient | undefined;
  /** The price catalog, cached in memory and in `cache_store`. */
  cache: StripeDataCache;
  /** A synced subscription drops the user's remembered entitlement in every instance. */
  invalidate: Invalidate;
  /** The time used for plan decisions (replaceable in tests that simulate days). */
  now: () => Date;
}

/** The billing API also checks sign-ins, rate-limits, and mails the cancellation. */
export interface BillingRouteDeps extends BillingDeps, AuthCheckDeps {
  rateLimits: RateLimitStore;
  mailer: Mailer;
}
