/**
 * A bounded in-memory map with per-entry expiry: the memory layer of every cache in an
 * instance. Keys are dropped by exact name or by prefix (`user:42:*`), which is how
 * invalidations from other instances arrive.
 */
export class MemoryCache<V> {
  private entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private limit: number,
    private now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value;
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
