/**
 * Storage keys and etcd keys: the etcd key is the backend's prefix followed by the storage key,
 * as UTF-8 bytes; a range over everything under a prefix ends at the prefix's byte successor
 * (etcd's clientv3.GetPrefixRangeEnd).
 *
 * @example
 * const keys = new KeySpace('/tenant-a');
 * keys.etcdKey('/registry/core/pods/ns/a'); // Buffer "/tenant-a/registry/core/pods/ns/a"
 * keys.rangeEnd(keys.etcdKey('/registry/core/pods/')); // Buffer "/tenant-a/registry/core/pods0"
 * keys.storageKey(Buffer.from('/tenant-a/registry/x')); // '/registry/x'
 */

export class KeySpace {
  private readonly prefixBytes: Buffer;

  constructor(readonly prefix: string) {
    this.prefixBytes = Buffer.from(prefix, 'utf8');
  }

  etcdKey(storageKey: string): Buffer {
    return Buffer.from(this.prefix + storageKey, 'utf8');
  }

  /** The storage key of an etcd key under the prefix. */
  storageKey(etcdKey: Buffer): string {
    return etcdKey.subarray(this.prefixBytes.length).toString('utf8');
  }

  /** The first key after every key starting with `start` ("\0" — all keys — when there is none). */
  rangeEnd(start: Buffer): Buffer {
    const end = Buffer.from(start);
    for (let i = end.length - 1; i >= 0; i--) {
      if (end[i]! < 0xff) {
        end[i] = end[i]! + 1;
        return end.subarray(0, i + 1);
      }
    }
    return Buffer.from([0]);
  }
}

/** `prefix` as a directory: ending in "/". */
export function asDirectory(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}
