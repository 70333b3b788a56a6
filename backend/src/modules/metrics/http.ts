import type { Middleware } from 'koa';
import type { Metrics } from './service.ts';

/**
 * Counts and times every request by the pattern the router matched (`/api/devices/:id`), so
 * ids never become label values; anything no route matched is `unmatched` (scanners cannot
 * grow the label set). Placed outside the error middleware: the status is the one sent.
 */
export function requestMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      metrics.observeRequest(ctx.method, typeof route === 'string' ? route : 'unmatched', ctx.status, (performance.now() - start) / 1000);
    }
  };
}
