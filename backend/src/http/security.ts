import type { Middleware } from 'koa';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { Config } from '../config.ts';

const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/i;
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** Security headers on every answer; the backend serves only API JSON and a few plain pages. */
export function securityHeaders(): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  }) as Middleware;
}

/**
 * Production allows only the configured extension origins. Development allows any
 * unpacked extension and localhost pages, since an unpacked extension's id varies.
 */
export function corsPolicy(config: Config): Middleware {
  const allowed = (origin: string) =>
    config.cors.origins === 'any-extension'
      ? !config.isProduction && (EXTENSION_ORIGIN.test(origin) || LOCAL_ORIGIN.test(origin))
      : config.cors.origins.includes(origin);
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return origin && allowed(origin) ? origin : '';
    },
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'X-RateLimit-Remaining'],
    credentials: true,
    maxAge: 600,
  });
}
