import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { eventually } from '../helpers/eventually.ts';
import { CacheEntry } from '../../backend/src/modules/cache/entity.ts';
import { TTL } from '../../backend/src/modules/cache/service.ts';

let one: TestApp;
let two: TestApp;
beforeAll(async () => {
  one = await initTestApp();
  two = await initTestApp({}, { shareDatabaseWith: one });
});
afterAll(async () => {
  await two.close();
  await one.close();
});


describe('Stripe data cache: memory → cache_store → Stripe', () => {
  it('fetches once, then serves from memory, and another instance from the table', async () => {
    const fetch = vi.fn(async () => ({ prices: [1, 2, 3] }));
    one.deps.cache.resetStats();
    expect(await one.deps.cache.get('test:layers', TTL.catalog, fetch)).toEqual({ prices: [1, 2, 3] });
    expect(await one.deps.cache.get('test:layers', TTL.catalog, fetch)).toEqual({ prices: [1, 2, 3] });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(one.deps.cache.stats()).toMatchObject({ memoryHits: 1, databaseHits: 0, misses: 1 });

    const row = await one.deps.orm.em.fork().findOneOrFail(CacheEntry, { key: 'test:layers' });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(TTL.catalog - 5000);

    two.deps.cache.resetStats();
    expect(await two.deps.cache.get('test:layers', TTL.catalog, fetch)).toEqual({ prices: [1, 2, 3] });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(two.deps.cache.stats()).toMatchObject({ databaseHits: 1, misses: 0 });
  });

  it('shares one fetch between concurrent misses', async () => {
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return 'v';
    };
    await Promise.all(Array.from({ length: 10 }, () => one.deps.cache.get('test:concurrent', 60_000, slow)));
    expect(calls).toBe(1);
  });

  it('expires entries after their TTL', async () => {
    let n = 0;
    const fetch = async () => ++n;
    expect(await one.deps.cache.get('test:ttl', 30, fetch)).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(await one.deps.cache.get('test:ttl', 30, fetch)).toBe(2);
  });

  it('invalidation clears this instance, the table, and the other instance (LISTEN/NOTIFY)', async () => {
    let version = 1;
    const fetch = async () => version;
    expect(await one.deps.cache.get('test:inval', TTL.catalog, fetch)).toBe(1);
    expect(await two.deps.cache.get('test:inval', TTL.catalog, fetch)).toBe(1);
    version = 2;
    await one.deps.cache.invalidate(['test:inval']);
    expect(await one.deps.cache.get('test:inval', TTL.catalog, fetch)).toBe(2);
    // The other instance hears about it within moments and re-reads.
    await eventually(async () => (await two.deps.cache.get('test:inval', TTL.catalog, fetch)) === 2);
  });

  it('prefix invalidation drops every matching key', async () => {
    await one.deps.cache.get('test:prefix:a', 60_000, async () => 'a');
    await one.deps.cache.get('test:prefix:b', 60_000, async () => 'b');
    await one.deps.cache.invalidate(['test:prefix:*']);
    expect(await one.deps.orm.em.fork().count(CacheEntry, { key: { $like: 'test:prefix:%' } })).toBe(0);
    expect(await one.deps.cache.get('test:prefix:a', 60_000, async () => 'fresh')).toBe('fresh');
  });
});

describe('with REDIS_URL, invalidation travels over Redis pub/sub', () => {
  it('clears the other instance', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const a = await initTestApp({ REDIS_URL: redisUrl });
    const b = await initTestApp({ REDIS_URL: redisUrl }, { shareDatabaseWith: a });
    try {
      let version = 1;
      const fetch = async () => version;
      const key = `test:redis:${Date.now()}`;
      expect(await b.deps.cache.get(key, TTL.catalog, fetch)).toBe(1);
      version = 2;
      await a.deps.cache.invalidate([key]);
      await eventually(async () => (await b.deps.cache.get(key, TTL.catalog, fetch)) === 2);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
