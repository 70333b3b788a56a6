import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { initORM } from './db/orm.ts';
import type { Deps } from './deps.ts';
import { audit } from './modules/audit/service.ts';
import { createPasswordHasher } from './modules/auth/password.ts';
import { createInvalidationBus } from './modules/cache/bus.ts';
import { StripeDataCache } from './modules/cache/service.ts';
import { MemoryCache } from './modules/cache/memory.ts';
import { loadEntitlementKeys } from './modules/entitlements/keys.ts';
import { createMailer } from './modules/mail/mailer.ts';
import { createMetrics } from './modules/metrics/service.ts';
import { createStripeClient } from './modules/stripe/client.ts';

/** Builds the shared services for one backend instance. */
export async function createDeps(config: Config, log: Logger, databaseUrl: string): Promise<Deps> {
  const orm = await initORM({ databaseUrl, poolMax: config.databasePoolMax });
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        // Fail fast while Redis is down instead of queueing: rate limiting then falls back to memory.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 500, 5000),
      })
    : undefined;
  redis?.on('error', (err) => log.warn({ err: err.message }, 'redis error'));

  // One clock for plan decisions and cache TTLs; tests that simulate a day replace deps.now.
  const clock = { now: () => new Date() };
  const now = () => clock.now().getTime();
  const cache = new StripeDataCache(orm, log, now);
  // Short-lived answers on the hottest paths (session checks, entitlements); dropped by key
  // here and, through the bus, in every other instance.
  const hot = new MemoryCache<unknown>(50_000, now);
  const bus = await createInvalidationBus({
    databaseUrl,
    redis,
    log,
    instanceId: randomUUID(),
    onInvalidate: (keys) => {
      cache.dropLocal(keys);
      hot.drop(keys);
    },
  });
  cache.bus = bus;
  const stripe = createStripeClient(config);

  return {
    config,
    orm,
    log,
    cache,
    hot,
    async invalidate(keys) {
      hot.drop(keys);
      await bus.publish(keys).catch((err) => log.warn({ err: (err as Error).message }, 'invalidation broadcast failed; other instances expire the keys by TTL'));
    },
    get now() {
      return clock.now;
    },
    set now(fn: () => Date) {
      clock.now = fn;
    },
    stripe,
    metrics: createMetrics({ orm, cache, hot, stripe }),
    entitlementKeys: await loadEntitlementKeys(config),
    mailer: createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, log }),
    passwords: createPasswordHasher(config.bcryptCost),
    rateLimits: {
      redis,
      memory: new Map(),
      log,
      onLimited: (ctx, rule) => {
        void audit(orm.em, ctx, { action: 'security.rate_limited', category: 'security', severity: 'warning', metadata: { rule: rule.name, path: ctx.path } });
      },
    },
    async close() {
      await bus.close();
      redis?.disconnect();
    },
  };
}
