import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Config } from '../../config.ts';
import { AppError, unauthorized } from '../../http/errors.ts';
import type { Metrics } from './service.ts';

interface MetricsDeps {
  config: Pick<Config, 'metrics'>;
  metrics: Metrics;
}

/** Constant-time comparison of the bearer token with METRICS_TOKEN. */
function hasToken(ctx: Context, token: string): boolean {
  const sent = Buffer.from(/^Bearer (.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '');
  const want = Buffer.from(token);
  return sent.length === want.length && timingSafeEqual(sent, want);
}

/**
 * The metrics endpoints under `prefix`: `<prefix>` in Prometheus text format and `<prefix>/json`
 * (the same instance's figures as JSON). With a token set they answer only to it; without one,
 * only on a listener of their own (`open`: the metrics port, whose reach its host decides).
 */
export function metricsRoutes(deps: MetricsDeps, opts: { prefix: string; open: boolean }): Router {
  const router = new Router();
  const guard = (ctx: Context) => {
    const { token } = deps.config.metrics;
    if (token) {
      if (!hasToken(ctx, token)) throw unauthorized('metrics_unauthorized', 'Metrics need the METRICS_TOKEN as a bearer token (Authorization: Bearer <token>).');
    } else if (!opts.open) {
      throw new AppError(404, 'metrics_disabled', 'Metrics are off on this server: set METRICS_TOKEN (sent as a bearer token) or METRICS_PORT to turn them on.');
    }
  };

  router.get(opts.prefix, async (ctx) => {
    guard(ctx);
    ctx.type = deps.metrics.contentType;
    ctx.body = await deps.metrics.text();
  });
  router.get(`${opts.prefix}/json`, (ctx) => {
    guard(ctx);
    ctx.body = deps.metrics.summary();
  });
  return router;
}
