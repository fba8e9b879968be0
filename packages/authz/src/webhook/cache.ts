/**
 * A bounded LRU map whose entries expire (client-go's LRUExpireCache): a read refreshes an
 * entry's recency, not its expiry; an expired entry reads as absent. Time comes from
 * `Date.now()`, so fake timers move it.
 *
 * @example
 * const cache = new ExpiringLru<string>(8192);
 * cache.set('k', 'v', 30_000);
 * cache.get('k'); // 'v' for the next 30 seconds
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly maxSize: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (Date.now() >= e.expires) return undefined;
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps `value` for `ttlMs`; a ttl of 0 or less stores nothing. */
  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
