import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { Config } from './config.ts';
import type { Mailer } from './modules/mail/mailer.ts';
import type { RateLimitStore } from './http/rate-limit.ts';
import type { PasswordHasher } from './modules/auth/password.ts';

/** Everything a request handler may need, built once in createApp and reachable as ctx.deps. */
export interface Deps {
  config: Config;
  orm: MikroORM;
  log: Logger;
  mailer: Mailer;
  redis: Redis | undefined;
  rateLimits: RateLimitStore;
  passwords: PasswordHasher;
}

declare module 'koa' {
  interface BaseContext {
    deps: Deps;
  }
}
