import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool, PoolClient } from 'pg';

/** The statements that end a transaction (or roll back to a savepoint inside one). */
const TRANSACTION_END = /^\s*(commit|rollback)\b/i;

/** Clients already handed back with an error: pg-pool removed them, so they are never released twice. */
const discarded = new WeakSet<PoolClient>();

/**
 * kysely (under MikroORM 7) gives a transaction's connection back to the pool only when its COMMIT
 * or ROLLBACK succeeds. When PostgreSQL goes away mid-transaction both fail, and the connection
 * would stay checked out for good: every outage would shrink the pool until every request waits.
 * This destroys such a connection at the moment its COMMIT or ROLLBACK fails (release with the
 * error: pg-pool then ends the client and frees its slot), which is what kysely leaves undone.
 * A COMMIT that fails on a healthy connection (a serialization failure) costs one reconnect.
 */
export function destroyOnFailedTransactionEnd(pool: Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      const sql = typeof args[0] === 'string' ? args[0] : undefined;
      if (!sql || !TRANSACTION_END.test(sql) || !(result instanceof Promise)) return result;
      return result.catch((err: unknown) => {
        discard(client, err);
        throw err;
      });
    };
  });
}

function discard(client: PoolClient, err: unknown): void {
  if (discarded.has(client)) return;
  discarded.add(client);
  try {
    client.release(err instanceof Error ? err : new Error(String(err)));
  } catch {
    // Already back in the pool (a release raced this failure): pg-pool removes a broken client itself.
  }
}

export interface PoolStats {
  /** Connections open (idle or in use). */
  total: number;
  idle: number;
  /** Checked out by a query or transaction right now. */
  inUse: number;
  /** Requests waiting for a free connection. */
  waiting: number;
  max: number;
}

/** The pool as it stands: after an outage, with nothing running, inUse must be 0. */
export async function poolStats(orm: MikroORM): Promise<PoolStats> {
  const pool = (await orm.em.getConnection().getNativeClient()) as Pool;
  return { total: pool.totalCount, idle: pool.idleCount, inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount, max: pool.options.max };
}
