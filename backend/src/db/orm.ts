import { MikroORM, defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities.ts';
import { migrationsList } from '../../../migrations/index.ts';
import { destroyOnFailedTransactionEnd } from './pool-guard.ts';

export interface OrmOptions {
  databaseUrl: string;
  /** Connection pool size; small by default, raised for benchmarks. */
  poolMax?: number;
  debug?: boolean;
}

export function ormConfig(opts: OrmOptions) {
  return defineConfig({
    clientUrl: opts.databaseUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      path: 'migrations',
      pathTs: 'migrations',
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    // Answer fast when the database is down instead of hanging a request; a connection whose
    // COMMIT/ROLLBACK failed in an outage is destroyed rather than leaked (pool-guard.ts).
    driverOptions: { connectionTimeoutMillis: 3000, onPoolCreated: destroyOnFailedTransactionEnd },
    debug: opts.debug ?? false,
    allowGlobalContext: false,
  });
}

const cache = new Map<string, Promise<MikroORM>>();

/** One ORM per database URL per process, created once. */
export function initORM(opts: OrmOptions): Promise<MikroORM> {
  let orm = cache.get(opts.databaseUrl);
  if (!orm) {
    orm = MikroORM.init(ormConfig(opts));
    cache.set(opts.databaseUrl, orm);
    orm.catch(() => cache.delete(opts.databaseUrl));
  }
  return orm;
}

/** How long shutdown waits for the pool (queries still running when it closes). */
const CLOSE_TIMEOUT_MS = 5000;

export async function closeORM(databaseUrl: string): Promise<void> {
  const orm = cache.get(databaseUrl);
  cache.delete(databaseUrl);
  if (!orm) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS).unref()));
  const result = await Promise.race([(await orm).close(true).then(() => 'closed' as const), gaveUp]);
  clearTimeout(timer);
  if (result === 'timeout') console.warn(`closing the database pool took over ${CLOSE_TIMEOUT_MS / 1000} s; left to exit with the process`);
}
