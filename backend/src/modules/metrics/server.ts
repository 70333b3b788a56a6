import type { Server } from 'node:http';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { errorMiddleware } from '../../http/error-middleware.ts';
import { requestContext } from '../../http/request-context.ts';
import { metricsRoutes } from './routes.ts';
import type { Metrics } from './service.ts';

/**
 * The metrics on a listener of their own (METRICS_PORT on METRICS_HOST): `/metrics` and
 * `/metrics/json`, nothing else, so the scraper's port can stay off the public proxy.
 */
export async function startMetricsServer(deps: { config: Pick<Config, 'metrics'>; metrics: Metrics; log: Logger }): Promise<{ url: string; close(): Promise<void> }> {
  const { port, host } = deps.config.metrics;
  const app = new Koa();
  app.silent = true;
  app.use(requestContext(deps.log));
  app.use(errorMiddleware());
  const router = metricsRoutes(deps, { prefix: '/metrics', open: true });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
