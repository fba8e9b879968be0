/**
 * The etcd side of one storage watch: a gRPC watch stream from a revision, with prev_kv (for
 * DELETED objects and selector transitions) and progress notifications. `start()` resolves once
 * etcd has created the watch. Afterwards a broken stream (etcd restarted, a member died) is
 * reopened on any member from the last revision seen, with backoff, for as long as the watch
 * lives; if etcd compacted that revision meanwhile, the watch ends with an ERROR 410 Expired.
 *
 * `progress` is the revision every event up to which has been delivered: the last event's, or
 * the header revision of a progress notification (etcd sends those only to watchers that are
 * caught up). Bookmarks and resumption use it.
 *
 * @example
 * const s = new WatchStream({ kv, keys, key: '/registry/x/', recursive: true, after: 41, watcher });
 * await s.start();   // events from revision 42 on flow into `watcher`
 * s.stop();
 */
import { StorageError, errors, type Status } from '@apiserver-kit/core';
import { castGrpcError, type IEvent, type IWatchResponse } from 'etcd3';
import type { EtcdKv, WatchStream } from './client.js';
import { toStorageFailure } from './errors.js';
import type { KeySpace } from './keys.js';
import type { EtcdWatcher } from './watcher.js';

export interface WatchStreamOptions {
  kv: EtcdKv;
  keys: KeySpace;
  /** The storage key, or the prefix (ending in "/") of a recursive watch. */
  key: string;
  recursive: boolean;
  /** Events after this revision are sent. */
  after: number;
  watcher: EtcdWatcher;
}

export class WatchStreamer {
  progress: number;
  private stream: WatchStream | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs = 100;

  constructor(private readonly o: WatchStreamOptions) {
    this.progress = o.after;
  }

  /** Opens the stream; rejects (503 Unreachable, 504 Timeout) when etcd does not create the watch. */
  start(): Promise<void> {
    return this.open();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
  }

  private async open(): Promise<void> {
    const { kv, keys, key, recursive } = this.o;
    const stream = await kv.watchStream(key);
    if (this.stopped) return void stream.cancel();
    this.stream = stream;
    const etcdKey = keys.etcdKey(key);
    await new Promise<void>((resolve, reject) => {
      let created = false;
      const timer = setTimeout(() => broken(errors.timeout(`etcd did not create the watch within ${kv.timeoutMs} ms`, 1)), kv.timeoutMs);
      const broken = (err: unknown) => {
        clearTimeout(timer);
        // Stopped (the watcher ended or the storage closed): the caller is done with this watch.
        if (this.stopped) return resolve();
        if (this.stream !== stream) return;
        this.stream = undefined;
        stream.cancel();
        if (!created) return reject(err instanceof Error && !(err instanceof StorageError) ? toStorageFailure(castGrpcError(err), key, kv.timeoutMs) : err);
        this.reconnectLater();
      };
      stream.on('data', (res: IWatchResponse) => {
        if (this.stream !== stream) return;
        if (res.canceled) return this.canceled(res, created ? undefined : reject);
        if (res.created) {
          created = true;
          clearTimeout(timer);
          this.backoffMs = 100;
          return resolve();
        }
        if (res.events.length > 0) this.deliver(res.events);
        // A progress notification: everything up to the header revision has been sent.
        else if (res.watch_id !== '-1') this.progress = Math.max(this.progress, Number(res.header.revision));
      });
      stream.on('error', broken);
      stream.on('end', () => broken(new StorageError('Unreachable', key, 'etcd ended the watch stream')));
      stream.write({
        create_request: {
          key: etcdKey,
          ...(recursive ? { range_end: keys.rangeEnd(etcdKey) } : {}),
          start_revision: this.progress + 1,
          prev_kv: true,
          progress_notify: true,
        },
      });
    });
  }

  private deliver(events: IEvent[]): void {
    const { watcher } = this.o;
    for (const ev of events) {
      const revision = Number(ev.kv.mod_revision);
      // Replayed history after a reconnect never repeats; one revision may carry several events.
      if (revision < this.progress) continue;
      const isDelete = ev.type === 'Delete';
      const isCreate = !isDelete && ev.kv.create_revision === ev.kv.mod_revision;
      // etcd leaves prev_kv out when that revision is already compacted: the history is gone.
      if (!isCreate && !ev.prev_kv) return this.fail(errors.tooOldResourceVersion(this.progress, revision).status);
      const value = isDelete ? null : ev.kv.value.toString('utf8');
      const prev = isCreate || !ev.prev_kv ? null : ev.prev_kv.value.toString('utf8');
      watcher.change(revision, value, prev);
      this.progress = revision;
      if (watcher.ended) return this.stop();
    }
  }

  private canceled(res: IWatchResponse, reject: ((err: unknown) => void) | undefined): void {
    const compacted = Number(res.compact_revision);
    const err =
      compacted > 0
        ? errors.tooOldResourceVersion(this.progress, compacted)
        : new StorageError('Unreachable', this.o.key, `etcd canceled the watch: ${res.cancel_reason || 'no reason given'}`);
    const stream = this.stream;
    this.stream = undefined;
    stream?.cancel();
    if (reject) return reject(err);
    if (err instanceof StorageError) return this.reconnectLater();
    this.fail(err.status);
  }

  private fail(status: Status): void {
    this.stop();
    this.o.watcher.fail(status);
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 2000);
    this.retryTimer = setTimeout(() => {
      this.open().catch((err: unknown) => {
        // A compacted revision cannot be resumed from; anything else is retried.
        const status = (err as { status?: Status } | undefined)?.status;
        if (status?.code === 410) this.fail(status);
        else this.reconnectLater();
      });
    }, delay);
    this.retryTimer.unref();
  }
}
