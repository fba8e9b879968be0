import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpiringLru } from './cache.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('ExpiringLru', () => {
  it('forgets an entry once its TTL has passed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = new ExpiringLru<string>(10);
    cache.set('a', '1', 1000);
    vi.setSystemTime(Date.now() + 999);
    expect(cache.get('a')).toBe('1');
    vi.setSystemTime(Date.now() + 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its size; a read counts as a use', () => {
    const cache = new ExpiringLru<number>(2);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3, 60_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('stores nothing for a TTL of 0', () => {
    const cache = new ExpiringLru<number>(2);
    cache.set('a', 1, 0);
    expect(cache.get('a')).toBeUndefined();
  });
});
