/**
 * MemoryStorage: an in-process, etcd-like MVCC implementation of the Storage contract, for
 * tests, embedding and small servers. One store-wide revision counts writes (the empty store is
 * revision 1, the first write revision 2, as in etcd); values are kept as JSON text so no caller
 * can change stored state; the last `historySize` writes are kept for watches that resume from a
 * past resourceVersion, paginated lists and Exact reads. Older revisions are compacted (410).
 *
 * @example
 * const storage = new MemoryStorage({ historySize: 1000 });
 * const cm = await storage.create('/configmaps/default/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
 * const w = await storage.watch('/configmaps/', { recursive: true, resourceVersion: cm.metadata.resourceVersion });
 * await storage.guaranteedUpdate('/configmaps/default/a', { tryUpdate: async (cur) => ({ ...cur!, data: { x: '1' } }) });
 * for await (const ev of w) console.log(ev.type); // MODIFIED
 */
import {
  StorageError,
  type ApiObject,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type ListResult,
  type Storage,
  type UpdateOptions,
  type WatchOptions,
  type Watcher,
} from '@apiserver-kit/core';
import { RevisionWaiters, listRead } from '../revision-reads.js';
import { parseResourceVersion } from '../resource-version.js';
import { decodeValue, encodeValue } from './json.js';
import { readPage } from './list.js';
import { guaranteedDelete, guaranteedUpdate, type CasStore } from '../cas-loops.js';
import { openLocalWatch } from '../local-watch.js';
import { MvccStore, type Revisioned } from './mvcc.js';
import { MemoryWatcher, ParsedEvent } from './watcher.js';

export interface MemoryStorageOptions {
  /** Writes kept for watch resumption, continue tokens and Exact reads. Default 10 000. */
  historySize?: number;
  /** How long a read for a resourceVersion newer than the store waits before 504. Default 3000 ms. */
  resourceVersionWaitMs?: number;
  /** Events a watch consumer may fall behind before its watch is ended. Default 100 000. */
  watchQueueLimit?: number;
}


export class MemoryStorage implements Storage {
  private readonly store: MvccStore;
  private readonly watchQueueLimit: number;
  private readonly watchers = new Set<MemoryWatcher>();
  private readonly waiters: RevisionWaiters;
  private closed = false;

  constructor(options: MemoryStorageOptions = {}) {
    const historySize = options.historySize ?? 10_000;
    if (!Number.isInteger(historySize) || historySize < 0) throw new RangeError(`historySize must be a non-negative integer, got ${historySize}`);
    this.store = new MvccStore(historySize);
    this.waiters = new RevisionWaiters(options.resourceVersionWaitMs ?? 3000);
    this.watchQueueLimit = options.watchQueueLimit ?? 100_000;
  }

  async create(key: string, obj: ApiObject): Promise<ApiObject> {
    this.ensureOpen(key);
    if (obj.metadata?.resourceVersion)
      throw new StorageError('InvalidObject', key, 'resourceVersion should not be set on objects to be created');
    const text = encodeValue(key, obj);
    if (this.store.get(key)) throw new StorageError('KeyExists', key);
    return decodeValue(text, this.commit(key, text));
  }

  async get(key: string, opts: GetOptions = {}): Promise<ApiObject> {
    this.ensureOpen(key);
    await this.awaitRevision(key, parseResourceVersion(opts.resourceVersion));
    const record = this.store.get(key);
    if (!record) throw new StorageError('KeyNotFound', key);
    return decodeValue(record.value, record.modRevision);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.ensureOpen(prefix);
    const read = await listRead(prefix, opts, {
      current: () => this.store.revision,
      compacted: () => this.store.compacted,
      await: (target) => this.awaitRevision(prefix, target),
    });
    return readPage(this.store, read.dir, read.startKey, read.revision, opts.limit, opts.predicate);
  }

  async guaranteedUpdate(key: string, opts: UpdateOptions): Promise<ApiObject> {
    return guaranteedUpdate(key, opts, this.cas);
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<ApiObject> {
    return guaranteedDelete(key, opts, this.cas);
  }

  async watch(key: string, opts: WatchOptions = {}): Promise<Watcher> {
    this.ensureOpen(key);
    return openLocalWatch(key, opts, {
      revision: () => this.store.revision,
      compacted: () => this.store.compacted,
      awaitRevision: (k, target) => this.awaitRevision(k, target),
      current: (k, recursive) => this.currentRecords(k, recursive),
      // Every write after the revision; the watcher keeps those under its key.
      eventsAfter: (_k, _recursive, revision) => this.store.eventsAfter(revision),
      watchers: this.watchers,
      maxQueue: this.watchQueueLimit,
    });
  }


  async count(prefix: string): Promise<number> {
    this.ensureOpen(prefix);
    const dir = prefix.endsWith('/') ? prefix : `${prefix}/`;
    return this.store.range(dir, dir, this.store.revision).size;
  }

  async currentRevision(): Promise<number> {
    return this.store.revision;
  }

  /**
   * Forgets history up to `revision`, as etcd's compaction does: reads at and watches from older
   * revisions then fail with 410 Expired. Compacting to an older revision than before is a no-op.
   */
  compact(revision: number): void {
    this.store.compact(revision);
  }

  /** Ends every watch; later calls fail with StorageError Unreachable. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const watcher of [...this.watchers]) watcher.stop();
    this.waiters.wake(Number.MAX_SAFE_INTEGER);
  }

  /** The records a watch of `key` covers now, in key order. */
  private currentRecords(key: string, recursive: boolean): Revisioned[] {
    if (!recursive) {
      const record = this.store.get(key);
      return record ? [record] : [];
    }
    const view = this.store.range(key, key, this.store.revision);
    return Array.from({ length: view.size }, (_, i) => view.record(i));
  }

  /** Writes `text` (null deletes), tells the watchers and waiters, and returns the revision. */
  private commit(key: string, text: string | null): number {
    const event = this.store.write(key, text);
    const parsed = new ParsedEvent(event);
    for (const watcher of this.watchers) watcher.offer(event, parsed);
    this.waiters.wake(event.revision);
    return event.revision;
  }

  /** The CAS loops' view: everything runs synchronously, so a write never meets a conflict. */
  private readonly cas: CasStore = {
    ensureOpen: (key) => this.ensureOpen(key),
    latest: (key) => this.store.get(key),
    write: (key, text) => this.commit(key, text),
  };

  /** Waits (bounded) until the store reaches `target`, as kube waits for its cache; else 504. */
  private async awaitRevision(key: string, target: number): Promise<void> {
    try {
      await this.waiters.await(target, () => this.store.revision);
    } finally {
      this.ensureOpen(key);
    }
  }

  private ensureOpen(key: string): void {
    if (this.closed) throw new StorageError('Unreachable', key, 'storage is closed');
  }
}
