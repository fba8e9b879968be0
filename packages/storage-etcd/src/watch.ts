/**
 * Storage.watch on etcd, with the contract's resourceVersion rules:
 *
 * - "" / "0" (or sendInitialEvents): read the current state at one revision R, send it as ADDED
 *   events (then, when sendInitialEvents was asked for, a BOOKMARK annotated
 *   `k8s.io/initial-events-end`), and watch from R + 1.
 * - N: first check that etcd still has revision N (410 Expired when it was compacted), then
 *   watch from N + 1.
 *
 * @example
 * const w = await openWatch({ kv, keys, key: '/registry/core/pods/', opts: { recursive: true }, maxQueue: 1000, ... });
 */
import { errors, type StatusError, type WatchOptions, type Watcher } from '@apiserver-kit/core';
import { parseResourceVersion } from '@apiserver-kit/storage';
import type { EtcdKv } from './client.js';
import { isCompacted, isFutureRevision } from './errors.js';
import { asDirectory, type KeySpace } from './keys.js';
import { objectOf, readPage } from './list.js';
import { WatchStreamer } from './watch-stream.js';
import { EtcdWatcher } from './watcher.js';

export interface OpenWatchOptions {
  kv: EtcdKv;
  keys: KeySpace;
  key: string;
  opts: WatchOptions;
  maxQueue: number;
  register(watcher: EtcdWatcher): void;
  unregister(watcher: EtcdWatcher): void;
  expiredAt(requested: number): Promise<StatusError>;
}

export async function openWatch(o: OpenWatchOptions): Promise<Watcher> {
  const { kv, keys, opts } = o;
  const recursive = opts.recursive ?? false;
  const key = recursive ? asDirectory(o.key) : o.key;
  const requested = parseResourceVersion(opts.resourceVersion);
  const initial = opts.sendInitialEvents ?? requested === 0;
  const link: { streamer?: WatchStreamer } = {};
  const watcher: EtcdWatcher = new EtcdWatcher({
    predicate: opts.predicate,
    maxQueue: o.maxQueue,
    signal: opts.signal,
    onEnd: () => {
      link.streamer?.stop();
      o.unregister(watcher);
    },
  });
  try {
    let after: number;
    if (initial) {
      after = await readInitialState(o, key, recursive, watcher);
      if (requested > after) throw errors.tooLargeResourceVersion(requested, after);
      if (opts.sendInitialEvents === true) watcher.bookmark(after, true);
    } else {
      after = await ensureRetained(o, key, requested);
    }
    if (watcher.ended) return watcher;
    link.streamer = new WatchStreamer({ kv, keys, key, recursive, after, watcher });
    o.register(watcher);
    await link.streamer.start();
  } catch (err) {
    watcher.stop();
    throw err;
  }
  const streamer = link.streamer;
  if (opts.allowBookmarks && !watcher.ended) {
    watcher.startBookmarks(opts.bookmarkIntervalMs ?? 60_000, () => streamer.progress);
  }
  return watcher;
}

/** Queues the current state as ADDED events; returns the revision it was read at. */
async function readInitialState(o: OpenWatchOptions, key: string, recursive: boolean, watcher: EtcdWatcher): Promise<number> {
  if (recursive) {
    const page = await readPage(o.kv, o.keys, { dir: key, startKey: key, revision: 0 });
    for (const obj of page.items) if (watcher.selects(obj)) watcher.added(obj);
    return Number(page.resourceVersion);
  }
  const res = await o.kv.range(key, { key: o.keys.etcdKey(key) });
  const record = res.kvs[0];
  if (record) {
    const obj = objectOf(record);
    if (watcher.selects(obj)) watcher.added(obj);
  }
  return Number(res.header.revision);
}

/**
 * The revision to watch after: `requested`, once etcd is known to still have it (410 Expired when
 * it was compacted), or the current revision for 0.
 */
async function ensureRetained(o: OpenWatchOptions, key: string, requested: number): Promise<number> {
  try {
    const res = await o.kv.range(key, { key: o.keys.etcdKey(key), revision: requested, count_only: true });
    return requested > 0 ? requested : Number(res.header.revision);
  } catch (err) {
    if (isCompacted(err)) throw await o.expiredAt(requested);
    // A revision etcd has not reached yet is fine: the watch waits for it.
    if (!isFutureRevision(err)) throw err;
    return requested;
  }
}
