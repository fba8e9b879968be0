/**
 * EtcdStorage: the Storage contract on etcd v3, the way kube-apiserver's etcd3 store maps it.
 * An object lives at `<prefix><key>` as JSON (without its resourceVersion); its resourceVersion
 * is the key's mod_revision. Creates are a transaction "create_revision == 0 → put"; updates and
 * deletes are compare-and-swap on mod_revision, re-reading and retrying when another writer got
 * in first; lists read at one revision, page by page; watches are etcd watches with prev_kv.
 *
 * @example
 * const storage = new EtcdStorage({ endpoints: ['http://127.0.0.1:2379'] });
 * const cm = await storage.create('/registry/core/configmaps/default/a', obj);
 * cm.metadata.resourceVersion; // etcd's mod_revision, e.g. '42'
 * await storage.close();
 */
import {
  StorageError,
  checkPreconditions,
  errors,
  type ApiObject,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type ListResult,
  type Storage,
  type StatusError,
  type UpdateOptions,
  type WatchOptions,
  type Watcher,
} from '@apiserver-kit/core';
import { decodeContinueToken, decodeValue, encodeValue, missingObject, parseResourceVersion, sameValue } from '@apiserver-kit/storage';
import type { IKeyValue } from 'etcd3';
import { LRUCache } from 'lru-cache';
import { EtcdKv } from './client.js';
import { startCompactor } from './compactor.js';
import { isCompacted, isFutureRevision } from './errors.js';
import { KeySpace, asDirectory } from './keys.js';
import { objectOf, readPage } from './list.js';
import { resolveOptions, type EtcdStorageOptions, type ResolvedOptions } from './options.js';
import { openWatch } from './watch.js';
import type { EtcdWatcher } from './watcher.js';


export class EtcdStorage implements Storage {
  private readonly kv: EtcdKv;
  private readonly keys: KeySpace;
  private readonly options: ResolvedOptions;
  private readonly watchers = new Set<EtcdWatcher>();
  private readonly stopCompactor: () => void;
  /** The last state written or read per key, where guaranteedUpdate starts (bounded, least recently used go first). */
  private readonly lastSeen: LRUCache<string, IKeyValue> | undefined;

  constructor(options: EtcdStorageOptions) {
    this.options = resolveOptions(options);
    this.kv = new EtcdKv(options, this.options.requestTimeoutMs);
    this.keys = new KeySpace(this.options.prefix);
    this.lastSeen = this.options.updateCacheSize > 0 ? new LRUCache({ max: this.options.updateCacheSize }) : undefined;
    const interval = this.options.compactionIntervalMs;
    this.stopCompactor = interval > 0 ? startCompactor(this.kv, interval, options.onCompactionError ?? (() => {})) : () => {};
  }

  async create(key: string, obj: ApiObject): Promise<ApiObject> {
    this.kv.ensureOpen(key);
    if (obj.metadata?.resourceVersion)
      throw new StorageError('InvalidObject', key, 'resourceVersion should not be set on objects to be created');
    const text = encodeValue(key, obj);
    const k = this.keys.etcdKey(key);
    const value = Buffer.from(text);
    const res = await this.kv.guardedTxn(key, {
      compare: [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: k, value } }],
      failure: [{ request_range: { key: k } }],
    });
    if (res.succeeded) return this.written(key, text, value, res.header.revision);
    // Sent twice after a dropped connection: the key may hold this very create.
    const found = res.responses[0]?.response_range?.kvs[0];
    if (res.resent && found?.value.equals(value)) return this.written(key, text, value, found.mod_revision);
    this.remember(key, found ?? null);
    throw new StorageError('KeyExists', key);
  }

  async get(key: string, opts: GetOptions = {}): Promise<ApiObject> {
    const requested = parseResourceVersion(opts.resourceVersion);
    const res = await this.kv.range(key, { key: this.keys.etcdKey(key) });
    const current = Number(res.header.revision);
    if (requested > current) throw errors.tooLargeResourceVersion(requested, current);
    const record = res.kvs[0];
    this.remember(key, record ?? null);
    if (!record) throw new StorageError('KeyNotFound', key);
    return objectOf(record);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    const dir = asDirectory(prefix);
    const page = { dir, limit: opts.limit, predicate: opts.predicate };
    if (opts.continue) {
      if (opts.resourceVersion && opts.resourceVersion !== '0')
        throw errors.badRequest('specifying resource version is not allowed when using continue');
      const token = decodeContinueToken(opts.continue, dir);
      const revision = Math.max(token.revision, 0);
      return this.readAt(revision, () => readPage(this.kv, this.keys, { ...page, startKey: token.startKey, revision }), () =>
        errors.expired(errors.continueExpiredMessage),
      );
    }
    const requested = parseResourceVersion(opts.resourceVersion);
    const match = opts.resourceVersionMatch ?? 'NotOlderThan';
    if (match !== 'NotOlderThan' && match !== 'Exact') throw errors.badRequest(`unknown ResourceVersionMatch value: ${String(match)}`);
    if (match === 'Exact' && requested > 0) {
      return this.readAt(requested, () => readPage(this.kv, this.keys, { ...page, startKey: dir, revision: requested }), () =>
        this.expiredAt(requested),
      );
    }
    const result = await readPage(this.kv, this.keys, { ...page, startKey: dir, revision: 0 });
    if (requested > Number(result.resourceVersion)) throw errors.tooLargeResourceVersion(requested, Number(result.resourceVersion));
    return result;
  }

  /**
   * kube's GuaranteedUpdate: tryUpdate on the current object, then a compare-and-swap on its
   * mod_revision, again on the fresh object (which the failed transaction returns) until it
   * lands. The object starts from the last state this storage wrote or read for the key, when
   * it has one, as kube's starts from the watch cache: one round trip instead of two. That
   * state may be stale, so a precondition or tryUpdate failure, or a no-op, on it is decided
   * again on the current object before it counts.
   */
  async guaranteedUpdate(key: string, opts: UpdateOptions): Promise<ApiObject> {
    const k = this.keys.etcdKey(key);
    let record = this.lastSeen?.get(key) ?? null;
    let current = record === null;
    if (current) record = await this.read(key);
    for (;;) {
      if (!record && !opts.ignoreNotFound) throw new StorageError('KeyNotFound', key);
      const existing = record ? objectOf(record) : null;
      let text: string;
      try {
        checkPreconditions(key, opts.preconditions, existing ?? missingObject);
        text = encodeValue(key, await opts.tryUpdate(existing));
      } catch (err) {
        if (current) throw err;
        record = await this.read(key);
        current = true;
        continue;
      }
      if (record && sameValue(text, record.value.toString('utf8'))) {
        if (current) return objectOf(record);
        record = await this.read(key);
        current = true;
        continue;
      }
      const value = Buffer.from(text);
      const res = await this.kv.guardedTxn(key, {
        compare: [
          record
            ? { key: k, target: 'Mod', result: 'Equal', mod_revision: record.mod_revision }
            : { key: k, target: 'Create', result: 'Equal', create_revision: 0 },
        ],
        success: [{ request_put: { key: k, value } }],
        failure: [{ request_range: { key: k } }],
      });
      if (res.succeeded) return this.written(key, text, value, res.header.revision);
      const fresh = res.responses[0]?.response_range?.kvs[0] ?? null;
      // Sent twice after a dropped connection, and the key holds what this update wrote: its
      // first attempt was applied (running tryUpdate again would apply it twice).
      if (res.resent && fresh?.value.equals(value)) return this.written(key, text, value, fresh.mod_revision);
      // Another writer got in first (or the remembered state was stale): start over from the fresh object.
      record = fresh;
      current = true;
      this.remember(key, fresh);
    }
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<ApiObject> {
    const k = this.keys.etcdKey(key);
    let record = await this.read(key);
    for (;;) {
      if (!record) throw new StorageError('KeyNotFound', key);
      checkPreconditions(key, opts.preconditions, objectOf(record));
      if (opts.validateDeletion) await opts.validateDeletion(objectOf(record));
      const res = await this.kv.guardedTxn(key, {
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: record.mod_revision }],
        success: [{ request_delete_range: { key: k } }],
        failure: [{ request_range: { key: k } }],
      });
      if (res.succeeded) {
        this.lastSeen?.delete(key);
        return decodeValue(record.value.toString('utf8'), Number(res.header.revision));
      }
      const fresh = res.responses[0]?.response_range?.kvs[0] ?? null;
      this.remember(key, fresh);
      // Sent twice after a dropped connection and the key is gone: the first attempt deleted it
      // (at a revision the answer no longer tells; the current one stands in).
      if (res.resent && !fresh) return decodeValue(record.value.toString('utf8'), Number(res.header.revision));
      record = fresh;
    }
  }

  async watch(key: string, opts: WatchOptions = {}): Promise<Watcher> {
    this.kv.ensureOpen(key);
    return openWatch({
      kv: this.kv,
      keys: this.keys,
      key,
      opts,
      maxQueue: this.options.watchQueueLimit,
      register: (w) => this.watchers.add(w),
      unregister: (w) => this.watchers.delete(w),
      expiredAt: (rv) => this.expiredAt(rv),
    });
  }

  async count(prefix: string): Promise<number> {
    const start = this.keys.etcdKey(asDirectory(prefix));
    const res = await this.kv.range(prefix, { key: start, range_end: this.keys.rangeEnd(start), count_only: true });
    return Number(res.count);
  }

  async currentRevision(): Promise<number> {
    const res = await this.kv.range('', { key: Buffer.from([0]), count_only: true });
    return Number(res.header.revision);
  }

  /** Compacts etcd's history before `revision`, as etcd's compaction does (reads and watches at older revisions get 410). */
  async compact(revision: number): Promise<void> {
    await this.kv.compact(revision);
  }

  /** Stops compaction, ends every watch and closes the connections; later calls fail with StorageError Unreachable. */
  async close(): Promise<void> {
    this.stopCompactor();
    for (const watcher of [...this.watchers]) watcher.stop();
    this.kv.close();
  }

  private async read(key: string): Promise<IKeyValue | null> {
    const res = await this.kv.range(key, { key: this.keys.etcdKey(key) });
    const record = res.kvs[0] ?? null;
    this.remember(key, record);
    return record;
  }

  /** Keeps `record` as the key's last seen state (or forgets the key when it is gone). */
  private remember(key: string, record: IKeyValue | null): void {
    if (record) this.lastSeen?.set(key, record);
    else this.lastSeen?.delete(key);
  }

  /** The object this storage just wrote at `revision`, remembered for the next update. */
  private written(key: string, text: string, value: Buffer, revision: string): ApiObject {
    this.lastSeen?.set(key, { key: Buffer.alloc(0), value, mod_revision: revision, create_revision: '0', version: '0', lease: '0' });
    return decodeValue(text, Number(revision));
  }

  /** Runs a read at `revision`, turning etcd's compacted / future revision errors into 410 / 504. */
  private async readAt(revision: number, read: () => Promise<ListResult>, expired: () => StatusError | Promise<StatusError>): Promise<ListResult> {
    try {
      return await read();
    } catch (err) {
      if (isCompacted(err)) throw await expired();
      if (isFutureRevision(err)) throw errors.tooLargeResourceVersion(revision, await this.currentRevision());
      throw err;
    }
  }

  /** The 410 for a compacted `requested` revision, naming the oldest revision etcd still has. */
  private async expiredAt(requested: number): Promise<StatusError> {
    const compacted = await this.kv.compactedRevision().catch(() => undefined);
    return errors.tooOldResourceVersion(requested, compacted ?? requested + 1);
  }
}
