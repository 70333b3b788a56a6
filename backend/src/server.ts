import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import { createApp } from './app.ts';
import { createDeps } from './deps-factory.ts';
import { closeORM } from './db/orm.ts';
import { migrateUp } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { scheduleReconciliation } from './modules/billing/reconcile.ts';
import { startMetricsServer } from './modules/metrics/server.ts';
import type { Deps } from './deps.ts';

export interface RunningBackend {
  url: string;
  /** The metrics listener's address when METRICS_PORT is set. */
  metricsUrl: string | undefined;
  /** The instance's services (benchmarks and tests look at caches and counters). */
  deps: Deps;
  close(): Promise<void>;
}

/** Loads config, applies pending migrations, and listens. The caller owns the database server. */
export async function startBackend(opts: { databaseUrl?: string; port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningBackend> {
  const env = { ...(opts.env ?? process.env) };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.port !== undefined) env.PORT = String(opts.port);
  const config = loadConfig(env);
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set: start PostgreSQL first (npm start does this for you).');
  const log = createLogger(config);

  const applied = await migrateUp(config.databaseUrl);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const deps = await createDeps(config, log, config.databaseUrl);
  const app = createApp(deps);
  const stopJobs = scheduleReconciliation(deps);

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  log.info({ url }, 'backend listening');
  const metricsServer = config.metrics.port !== undefined ? await startMetricsServer(deps) : undefined;
  if (metricsServer) log.info({ url: `${metricsServer.url}/metrics` }, 'metrics listening');

  return {
    url,
    metricsUrl: metricsServer?.url,
    deps,
    async close() {
      stopJobs();
      await metricsServer?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await deps.close();
      await closeORM(config.databaseUrl!);
    },
  };
}
