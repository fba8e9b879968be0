/**
 * SqliteStorage: the Storage contract on one SQLite file, kept as kine keeps it — an append-only
 * log with one row per revision (see database.ts). Writes are group-committed (all writes of one
 * event-loop turn share one transaction and one fsync) and acknowledged only once durable; after
 * a restart every acknowledged write is there and revisions continue where they stopped.
 * Watches in this process are fed from each committed batch at once, and resume from the log.
 * The last `historyRevisions` revisions stay readable; older ones are compacted (410), as in
 * MemoryStorage.
 *
 * @example
 * const storage = new SqliteStorage({ path: '/var/lib/kube-lite/db/kine.db' });
 * const cm = await storage.create('/configmaps/default/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
 * const w = await storage.watch('/configmaps/', { recursive: true, resourceVersion: cm.metadata.resourceVersion });
 * await storage.guaranteedUpdate('/configmaps/default/a', { tryUpdate: async (cur) => ({ ...cur!, data: { x: '1' } }) });
 * for await (const ev of w) console.log(ev.type); // MODIFIED
 */
import type Database from 'better-sqlite3';
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
import {
  MemoryWatcher,
  ParsedEvent,
  RevisionWaiters,
  decodeValue,
  encodeValue,
  guaranteedDelete,
  guaranteedUpdate,
  listRead,
  openLocalWatch,
  parseResourceVersion,
  type CasStore,
  type Revisioned,
  type StoreEvent,
} from '@apiserver-kit/storage';
import { openDatabase } from './database.js';
import { GroupCommit } from './group-commit.js';
import { LogTable, type LogWrite } from './log-table.js';
import { readPage } from './list.js';

export interface SqliteStorageOptions {
  /** The database file (its directory is created). The process holds it exclusively while open. */
  path: string;
  /** Revisions kept readable for watch resumption, continue tokens and Exact reads. Default 10 000. */
  historyRevisions?: number;
  /** How long a read for a resourceVersion newer than the store waits before 504. Default 3000 ms. */
  resourceVersionWaitMs?: number;
  /** Events a watch consumer may fall behind before its watch is ended. Default 100 000. */
  watchQueueLimit?: number;
  /** Most writes per transaction. Default 1000. */
  maxBatchSize?: number;
  /** How long opening waits for another process to let go of the file. Default 5000 ms. */
  lockTimeoutMs?: number;
}

/** Counters for tests and metrics. */
export interface SqliteStorageStats {
  /** The latest revision. */
  revision: number;
  /** The oldest readable revision. */
  compactedRevision: number;
  /** Transactions committed for writes, and the writes they carried (conflicted ones included). */
  batches: number;
  writes: number;
}

/** Revisions compacted per transaction. */
const compactChunk = 1000;

export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly log: LogTable;
  private readonly writer: GroupCommit;
  private readonly history: number;
  private readonly slack: number;
  private readonly watchQueueLimit: number;
  private readonly watchers = new Set<MemoryWatcher>();
  private readonly waiters: RevisionWaiters;
  private revision: number;
  private compacted: number;
  private batches = 0;
  private writes = 0;
  private closed = false;

  constructor(options: SqliteStorageOptions) {
    const history = options.historyRevisions ?? 10_000;
    if (!Number.isInteger(history) || history < 0) throw new RangeError(`historyRevisions must be a non-negative integer, got ${history}`);
    this.history = history;
    // Compact in steps of about a tenth of the history, so it is not a transaction per write.
    this.slack = Math.max(1, Math.min(compactChunk, Math.floor(history / 10)));
    this.waiters = new RevisionWaiters(options.resourceVersionWaitMs ?? 3000);
    this.watchQueueLimit = options.watchQueueLimit ?? 100_000;
    this.db = openDatabase(options.path, options.lockTimeoutMs ?? 5000);
    this.log = new LogTable(this.db);
    this.revision = this.log.lastRevision();
    this.compacted = this.log.compactedRevision();
    this.writer = new GroupCommit({
      maxBatch: options.maxBatchSize ?? 1000,
      commit: (writes) => this.commit(writes),
      onCommitted: (events) => this.committed(events),
    });
  }

  async create(key: string, obj: ApiObject): Promise<ApiObject> {
    this.ensureOpen(key);
    if (obj.metadata?.resourceVersion)
      throw new StorageError('InvalidObject', key, 'resourceVersion should not be set on objects to be created');
    const text = encodeValue(key, obj);
    if (this.log.latest(key)) throw new StorageError('KeyExists', key);
    const event = await this.submit({ key, value: text, expect: 0 });
    if (!event) throw new StorageError('KeyExists', key);
    return decodeValue(text, event.revision);
  }

  async get(key: string, opts: GetOptions = {}): Promise<ApiObject> {
    this.ensureOpen(key);
    await this.awaitRevision(key, parseResourceVersion(opts.resourceVersion));
    const record = this.log.latest(key);
    if (!record) throw new StorageError('KeyNotFound', key);
    return decodeValue(record.value, record.modRevision);
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.ensureOpen(prefix);
    const read = await listRead(prefix, opts, {
      current: () => this.revision,
      compacted: () => this.compacted,
      await: (target) => this.awaitRevision(prefix, target),
    });
    return readPage(this.log, read.dir, read.startKey, read.revision, opts.limit, opts.predicate);
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
      revision: () => this.revision,
      compacted: () => this.compacted,
      awaitRevision: (k, target) => this.awaitRevision(k, target),
      current: (k, recursive) => this.currentRecords(k, recursive),
      eventsAfter: (k, recursive, revision) => this.log.eventsAfter(k, recursive, revision),
      watchers: this.watchers,
      maxQueue: this.watchQueueLimit,
    });
  }


  async count(prefix: string): Promise<number> {
    this.ensureOpen(prefix);
    const dir = prefix.endsWith('/') ? prefix : `${prefix}/`;
    return this.log.count(dir, dir, this.revision);
  }

  async currentRevision(): Promise<number> {
    return this.revision;
  }

  /**
   * Forgets history up to `revision`, as etcd's compaction does: reads at and watches from older
   * revisions then fail with 410 Expired. Runs in steps, yielding between them. Compacting to an
   * older revision than before is a no-op. Compaction also runs by itself to keep `historyRevisions`.
   */
  async compact(revision: number): Promise<void> {
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision} (current ${this.revision})`);
    while (!this.closed && this.compacted < revision) {
      this.compactStep(revision);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  stats(): SqliteStorageStats {
    return { revision: this.revision, compactedRevision: this.compacted, batches: this.batches, writes: this.writes };
  }

  /** Commits queued writes, ends every watch and closes the file; later calls fail with Unreachable. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.flush();
    this.closed = true;
    for (const watcher of [...this.watchers]) watcher.stop();
    this.waiters.wake(Number.MAX_SAFE_INTEGER);
    this.db.close();
  }

  /** The current record of `key`, or of every key under it. */
  private *currentRecords(key: string, recursive: boolean): Iterable<Revisioned> {
    if (!recursive) {
      const record = this.log.latest(key);
      if (record) yield record;
      return;
    }
    for (const row of this.log.range(key, key, this.revision)) yield { value: row.value, modRevision: row.id };
  }


  private submit(write: LogWrite): Promise<StoreEvent | null> {
    this.ensureOpen(write.key);
    return this.writer.submit(write);
  }

  /** The CAS loops' view; a write conflicts (null) when an earlier write of its batch changed the key. */
  private readonly cas: CasStore = {
    ensureOpen: (key) => this.ensureOpen(key),
    latest: (key) => this.log.latest(key),
    write: async (key, value, expect) => (await this.submit({ key, value, expect }))?.revision ?? null,
  };

  /** One durable transaction for a batch; the revision moves only once it committed. */
  private commit(writes: LogWrite[]): Array<StoreEvent | null> {
    const events = this.log.commit(this.revision, writes);
    for (const event of events) if (event) this.revision = event.revision;
    this.batches++;
    this.writes += writes.length;
    return events;
  }

  private committed(events: StoreEvent[]): void {
    for (const event of events) {
      const parsed = new ParsedEvent(event);
      for (const watcher of this.watchers) watcher.offer(event, parsed);
    }
    this.waiters.wake(this.revision);
    if (this.revision - this.history - this.compacted >= this.slack) {
      try {
        this.compactStep(this.revision - this.history);
      } catch {
        // The history is only kept longer; the next batch tries again.
      }
    }
  }

  /** Compacts at most `compactChunk` revisions towards `target` in one transaction. */
  private compactStep(target: number): void {
    const to = Math.min(target, this.compacted + compactChunk);
    if (to <= this.compacted) return;
    this.log.compact(this.compacted, to);
    this.compacted = to;
  }

  /** Waits (bounded) until the store reaches `target`, as kube waits for its cache; else 504. */
  private async awaitRevision(key: string, target: number): Promise<void> {
    try {
      await this.waiters.await(target, () => this.revision);
    } finally {
      this.ensureOpen(key);
    }
  }

  private ensureOpen(key: string): void {
    if (this.closed) throw new StorageError('Unreachable', key, 'storage is closed');
  }
}
