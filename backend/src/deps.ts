import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import type { RateLimitStore } from './http/rate-limit.ts';
import type { PasswordHasher } from './modules/auth/password.ts';
import type { StripeClient } from './modules/stripe/client.ts';
import type { StripeDataCache } from './modules/cache/service.ts';
import type { MemoryCache } from './modules/cache/memory.ts';
import type { EntitlementKeys } from './modules/entitlements/keys.ts';

/** Everything a request handler may need, built once in createApp and reachable as ctx.deps. */
export interface Deps {
  config: Config;
  orm: MikroORM;
  log: Logger;
  mailer: Mailer;
  redis: Redis | undefined;
  rateLimits: RateLimitStore;
  passwords: PasswordHasher;
  /** Undefined when no Stripe key is configured: billing routes then answer 503. */
  stripe: StripeClient | undefined;
  cache: StripeDataCache;
  /** Short-lived in-memory answers for hot paths (session snapshots, entitlements). */
  hot: MemoryCache<unknown>;
  /** Drops keys (a trailing `*` drops a prefix) from this instance's hot cache and every other instance's. */
  invalidate(keys: string[]): Promise<void>;
  entitlementKeys: EntitlementKeys;
  /** The time used for plan decisions (replaceable in tests that simulate days). */
  now: () => Date;
  /** Stops timers and listeners owned by this instance. */
  close(): Promise<void>;
}

declare module 'koa' {
  interface BaseContext {
    deps: Deps;
  }
}
