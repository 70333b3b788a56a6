import pg from 'pg';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

const CHANNEL = 'stagetracker_cache_invalidate';

/**
 * Tells every backend instance to drop cached keys. PostgreSQL LISTEN/NOTIFY by default
 * (every instance already shares the database); Redis pub/sub when REDIS_URL is set.
 */
export interface InvalidationBus {
  publish(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function createInvalidationBus(opts: {
  databaseUrl: string;
  redis: Redis | undefined;
  log: Logger;
  onInvalidate: (keys: string[]) => void;
  /** Ignore our own messages: the local cache is already cleared by the caller. */
  instanceId: string;
}): Promise<InvalidationBus> {
  const encode = (keys: string[]) => JSON.stringify({ from: opts.instanceId, keys });
  const decode = (raw: string) => {
    try {
      const msg = JSON.parse(raw) as { from: string; keys: string[] };
      if (msg.from !== opts.instanceId && Array.isArray(msg.keys)) opts.onInvalidate(msg.keys);
    } catch {
      opts.log.warn('ignored a malformed cache invalidation message');
    }
  };

  if (opts.redis) {
    const sub = opts.redis.duplicate({ enableOfflineQueue: true });
    sub.on('error', (err) => opts.log.warn({ err: err.message }, 'redis subscriber error'));
    sub.on('message', (_channel: string, raw: string) => decode(raw));
    await sub.subscribe(CHANNEL).catch((err) => opts.log.warn({ err: err.message }, 'redis subscribe failed; cache invalidation is local only until it reconnects'));
    return {
      publish: async (keys) => {
        await opts.redis!.publish(CHANNEL, encode(keys));
      },
      close: async () => {
        sub.disconnect();
      },
    };
  }

  // A dedicated connection, re-established after a database outage.
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
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
    } catch (err) {
      opts.log.warn({ err: (err as Error).message }, 'cache invalidation listener could not connect; retrying');
      await c.end().catch(() => {});
      setTimeout(() => void connect().catch(() => {}), 1000).unref();
    }
  };
  await connect();
  return {
    publish: async (keys) => {
      const c = client;
      if (!c) throw new Error('cache invalidation channel is not connected');
      await c.query('SELECT pg_notify($1, $2)', [CHANNEL, encode(keys)]);
    },
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
