import pg from 'pg';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const INVALIDATION_CHANNEL = 'stagetracker_cache_invalidate';

/**
 * Tells every backend instance to drop cached keys. Instances publish on Redis pub/sub when
 * REDIS_URL is set, otherwise on PostgreSQL NOTIFY. They always LISTEN on PostgreSQL too, so
 * tools that only have the database (npm run admin) can invalidate with one SQL statement.
 */
export interface InvalidationBus {
  publish(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

const encodeInvalidation = (from: string, keys: string[]) => JSON.stringify({ from, keys });

/** The SQL a process without a bus runs to invalidate keys everywhere (see npm run admin). */
export const notifySql = (keys: string[]) => ({ sql: 'select pg_notify(?, ?)', params: [INVALIDATION_CHANNEL, encodeInvalidation('sql', keys)] });

export async function createInvalidationBus(opts: {
  databaseUrl: string;
  redis: Redis | undefined;
  log: Logger;
  onInvalidate: (keys: string[]) => void;
  /** Ignore our own messages: the local caches are already cleared by the caller. */
  instanceId: string;
}): Promise<InvalidationBus> {
  const decode = (raw: string) => {
    try {
      const msg = JSON.parse(raw) as { from: string; keys: string[] };
      if (msg.from !== opts.instanceId && Array.isArray(msg.keys)) opts.onInvalidate(msg.keys);
    } catch {
      opts.log.warn('ignored a malformed cache invalidation message');
    }
  };

  // A dedicated PostgreSQL connection for LISTEN, re-established after a database outage.
  let client: pg.Client | undefined;
  let closed = false;
  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.databaseUrl });
    c.on('notification', (n) => n.payload && decode(n.payload));
    c.on('error', () => {
      if (client === c) client = undefined;
      setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${INVALIDATION_CHANNEL}`);
      client = c;
    } catch (err) {
      opts.log.warn({ err: (err as Error).message }, 'cache invalidation listener could not connect; retrying');
      await c.end().catch(() => {});
      setTimeout(() => void connect().catch(() => {}), 1000).unref();
    }
  };
  await connect();

  let sub: Redis | undefined;
  if (opts.redis) {
    sub = opts.redis.duplicate({ enableOfflineQueue: true });
    sub.on('error', (err) => opts.log.warn({ err: err.message }, 'redis subscriber error'));
    sub.on('message', (_channel: string, raw: string) => decode(raw));
    await sub.subscribe(INVALIDATION_CHANNEL).catch((err) => opts.log.warn({ err: err.message }, 'redis subscribe failed; invalidations from Redis are missed until it reconnects'));
  }

  // One connection runs one query at a time: NOTIFYs are queued here rather than piled on it.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    publish: async (keys) => {
      const message = encodeInvalidation(opts.instanceId, keys);
      if (opts.redis) {
        await opts.redis.publish(INVALIDATION_CHANNEL, message);
        return;
      }
      const c = client;
      if (!c) throw new Error('cache invalidation channel is not connected');
      const sent = queue.then(() => c.query('SELECT pg_notify($1, $2)', [INVALIDATION_CHANNEL, message]));
      queue = sent.catch(() => {});
      await sent;
    },
    close: async () => {
      closed = true;
      sub?.disconnect();
      await client?.end().catch(() => {});
    },
  };
}
