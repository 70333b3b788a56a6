import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { InvalidationBus } from './bus.ts';
import { CacheEntry } from './entity.ts';
import { MemoryCache } from './memory.ts';

/**
 * Only the price catalog is cached: it changes rarely and every plans page reads it. Invoices
 * must be exact, and subscriptions live in our own copy (billing_accounts), so neither is cached.
 */
export const TTL = {
  catalog: 3_600_000,
} as const;

export interface CacheStats {
  memoryHits: number;
  databaseHits: number;
  misses: number;
  hitRatio: number;
}

/**
 * Memory, then the `cache_store` table, then the source (Stripe). Concurrent misses for
 * one key share one fetch. A cache failure never fails a read: it falls through to the
 * source. Invalidation clears this instance at once and the others through the bus.
 */
export class StripeDataCache {
  private memory: MemoryCache<unknown>;
  private inflight = new Map<string, Promise<unknown>>();
  private counts = { memoryHits: 0, databaseHits: 0, misses: 0 };
  bus: InvalidationBus | undefined;

  constructor(
    private orm: MikroORM,
    private log: Logger,
    /** The clock TTLs are measured on (simulated in tests of a whole day). */
    private now: () => number = Date.now,
  ) {
    this.memory = new MemoryCache(10_000, now);
  }

  async get<T>(key: string, ttlMs: number, fetch: () => Promise<T>): Promise<T> {
    const mem = this.memory.get(key);
    if (mem !== undefined) {
      this.counts.memoryHits++;
      return mem as T;
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.counts.memoryHits++;
      return pending as Promise<T>;
    }
    const load = this.load(key, ttlMs, fetch).finally(() => this.inflight.delete(key));
    this.inflight.set(key, load);
    return load;
  }

  private async load<T>(key: string, ttlMs: number, fetch: () => Promise<T>): Promise<T> {
    const em = this.orm.em.fork();
    try {
      const row = await em.findOne(CacheEntry, { key, expiresAt: { $gt: new Date(this.now()) } });
      if (row) {
        this.counts.databaseHits++;
        this.memory.set(key, row.value, row.expiresAt.getTime() - this.now());
        return row.value as T;
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, key }, 'cache table unreadable; asking the source');
    }
    this.counts.misses++;
    const value = await fetch();
    const expiresAt = this.now() + ttlMs;
    this.memory.set(key, value, ttlMs);
    try {
      await em.upsert(CacheEntry, { key, value: value as object, expiresAt: new Date(expiresAt), updatedAt: new Date(this.now()) });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, key }, 'cache table write failed');
    }
    return value;
  }

  /** Drops keys (a trailing `*` drops a prefix) here, in the table, and in every other instance. */
  async invalidate(keys: string[]): Promise<void> {
    this.dropLocal(keys);
    const em = this.orm.em.fork();
    for (const key of keys) {
      await em.nativeDelete(CacheEntry, key.endsWith('*') ? { key: { $like: `${key.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%` } } : { key });
    }
    await this.bus?.publish(keys).catch((err) => this.log.warn({ err: (err as Error).message }, 'cache invalidation broadcast failed'));
  }

  /** Called for invalidations announced by other instances (their table delete is done). */
  dropLocal(keys: string[]) {
    this.memory.drop(keys);
  }

  stats(): CacheStats {
    const { memoryHits, databaseHits, misses } = this.counts;
    const total = memoryHits + databaseHits + misses;
    return { memoryHits, databaseHits, misses, hitRatio: total ? (memoryHits + databaseHits) / total : 0 };
  }

  resetStats() {
    this.counts = { memoryHits: 0, databaseHits: 0, misses: 0 };
  }
}

export const cacheKeys = {
  catalog: 'stripe:catalog',
};
