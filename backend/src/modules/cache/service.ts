import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { InvalidationBus } from './bus.ts';
import { CacheEntry } from './entity.ts';
import { MemoryCache } from './memory.ts';

/**
 * Cached here: the price catalog (it changes rarely and every plans page reads it) and the billing
 * portal configuration id. Customers and subscriptions are deliberately not cached: after a webhook
 * the customer must be re-read from Stripe itself (a cached copy would be exactly the stale read
 * convergence forbids), and our copy in `billing_accounts` is what every request reads. Invoices
 * must be exact.
 */
export const TTL = {
  catalog: 3_600_000,
} as const;

export interface CacheStats {
  memoryHits: number;
  databaseHits: number;
  misses: number;
  hitRatio: number;
  /** The same, per key (`stripe:catalog`, `stripe:portal_configuration`). */
  byKey: Record<string, { hits: number; misses: number; hitRatio: number }>;
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
  private perKey = new Map<string, { hits: number; misses: number }>();
  bus: InvalidationBus | undefined;

  constructor(
    private orm: MikroORM,
    private log: Logger,
    /** The clock TTLs are measured on (simulated in tests of a whole day). */
    private now: () => number = Date.now,
  ) {
    this.memory = new MemoryCache(10_000, now);
  }

  private count(key: string, hit: boolean) {
    const c = this.perKey.get(key) ?? { hits: 0, misses: 0 };
    if (hit) c.hits++;
    else c.misses++;
    this.perKey.set(key, c);
  }

  async get<T>(key: string, ttlMs: number, fetch: () => Promise<T>): Promise<T> {
    const mem = this.memory.get(key);
    if (mem !== undefined) {
      this.counts.memoryHits++;
      this.count(key, true);
      return mem as T;
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.counts.memoryHits++;
      this.count(key, true);
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
        this.count(key, true);
        this.memory.set(key, row.value, row.expiresAt.getTime() - this.now());
        return row.value as T;
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message, key }, 'cache table unreadable; asking the source');
    }
    this.counts.misses++;
    this.count(key, false);
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
    const byKey: CacheStats['byKey'] = {};
    for (const [key, { hits, misses: m }] of this.perKey) byKey[key] = { hits, misses: m, hitRatio: hits + m ? hits / (hits + m) : 0 };
    return { memoryHits, databaseHits, misses, hitRatio: total ? (memoryHits + databaseHits) / total : 0, byKey };
  }

  resetStats() {
    this.counts = { memoryHits: 0, databaseHits: 0, misses: 0 };
    this.perKey.clear();
  }
}

export const cacheKeys = {
  catalog: 'stripe:catalog',
  portalConfiguration: 'stripe:portal_configuration',
};
