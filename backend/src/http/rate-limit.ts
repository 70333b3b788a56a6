import type { Context, Middleware } from 'koa';
import ratelimit from 'koa-ratelimit';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface RateLimitRule {
  /** Separates the counters of different rules. */
  name: string;
  max: number;
  windowMs: number;
  /** What is being limited (an IP, an email); `false` skips the rule for this request. */
  key: (ctx: Context) => string | false;
  message: string;
}

export interface RateLimitStore {
  redis: Redis | undefined;
  memory: Map<string, unknown>;
  log: Logger;
  onLimited: (ctx: Context, rule: RateLimitRule) => void;
}

/**
 * A koa-ratelimit middleware for one rule. With Redis the counters are shared by every
 * backend instance. If Redis fails, this rule falls back to this instance's memory
 * counters (limits then hold per instance) and logs a warning, so an outage of the
 * cache never takes the API down.
 */
export function rateLimit(store: RateLimitStore, rule: RateLimitRule): Middleware {
  const common = {
    id: (ctx: Context) => {
      const key = rule.key(ctx);
      return key === false ? false : `${rule.name}:${key}`;
    },
    max: rule.max,
    duration: rule.windowMs,
    namespace: 'st-rl',
    errorMessage: rule.message,
    throw: true,
    onLimited: (ctx: Context) => store.onLimited(ctx, rule),
  } as const;
  const memory = ratelimit({ ...common, driver: 'memory', db: store.memory });
  if (!store.redis) return memory;
  const shared = ratelimit({ ...common, driver: 'redis', db: store.redis });
  let warned = false;

  return async (ctx, next) => {
    let passed = false;
    const proceed = () => {
      passed = true;
      return next();
    };
    try {
      await shared(ctx, proceed);
    } catch (err) {
      // Errors from downstream or the 429 itself pass through; only a Redis failure falls back.
      if (passed || (err as { status?: number }).status === 429) throw err;
      if (!warned) {
        store.log.warn({ err: (err as Error).message, rule: rule.name }, 'rate limiting: Redis unavailable, using per-instance memory limits');
        warned = true;
      }
      return memory(ctx, next);
    }
    warned = false;
  };
}
