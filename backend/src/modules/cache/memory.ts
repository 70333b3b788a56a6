/**
 * A bounded in-memory map with per-entry expiry: the memory layer of every cache in an
 * instance. Keys are dropped by exact name or by prefix (`user:42:*`), which is how
 * invalidations from other instances arrive.
 */
export class MemoryCache<V> {
  private entries = new Map<string, { value: V; expiresAt: number }>();
  /** Hits and misses per key family (the key up to its first `:`), so a hit ratio names what it counts. */
  private counts = new Map<string, { hits: number; misses: number }>();

  constructor(
    private limit: number,
    private now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    const fresh = hit !== undefined && hit.expiresAt > this.now();
    if (hit && !fresh) this.entries.delete(key);
    const family = key.split(':', 1)[0]!;
    const c = this.counts.get(family) ?? { hits: 0, misses: 0 };
    if (fresh) c.hits++;
    else c.misses++;
    this.counts.set(family, c);
    return fresh ? hit.value : undefined;
  }

  /** Hits and misses per key family since the last reset. */
  stats(): Record<string, { hits: number; misses: number; hitRatio: number }> {
    const out: Record<string, { hits: number; misses: number; hitRatio: number }> = {};
    for (const [family, { hits, misses }] of this.counts) out[family] = { hits, misses, hitRatio: hits + misses ? hits / (hits + misses) : 0 };
    return out;
  }

  resetStats(): void {
    this.counts.clear();
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // Maps keep insertion order: the first key is the oldest write.
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Exact keys, or prefixes ending in `*`. */
  drop(keys: string[]): void {
    for (const key of keys) {
      if (!key.endsWith('*')) {
        this.entries.delete(key);
        continue;
      }
      const prefix = key.slice(0, -1);
      for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
    }
  }
}
