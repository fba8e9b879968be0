/**
 * Opening a watch on a store that lives in this process (MemoryStorage, SqliteStorage): kube's
 * resourceVersion rules for the start (""/"0" or sendInitialEvents: the current state as ADDED
 * events, then an initial-events-end bookmark when asked; N: every change after N, 410 once
 * compacted), then the watcher joins the store's fan-out. Everything after the wait for the
 * revision is synchronous, so no write falls between the replay and the watch.
 *
 * @example
 * return openLocalWatch(key, opts, { revision: () => store.revision, ..., watchers: this.watchers });
 */
import { errors, type Watcher, type WatchOptions } from '@apiserver-kit/core';
import type { Revisioned, StoreEvent } from './memory/mvcc.js';
import { MemoryWatcher, ParsedEvent } from './memory/watcher.js';
import { parseResourceVersion } from './resource-version.js';

export interface LocalWatchSource {
  /** The store's current and oldest readable revisions. */
  revision(): number;
  compacted(): number;
  /** Waits (bounded) until the store has reached `target`. */
  awaitRevision(key: string, target: number): Promise<void>;
  /** The current record of `key`, or of every key under it when `recursive`. */
  current(key: string, recursive: boolean): Iterable<Revisioned>;
  /** The writes after `revision` (those outside `key` may be included: the watcher filters them). */
  eventsAfter(key: string, recursive: boolean, revision: number): Iterable<StoreEvent>;
  /** The store's fan-out; the watcher adds itself, and leaves when it ends. */
  watchers: Set<MemoryWatcher>;
  /** Events a consumer may fall behind before its watch is ended. */
  maxQueue: number;
}

export async function openLocalWatch(key: string, opts: WatchOptions, source: LocalWatchSource): Promise<Watcher> {
  const recursive = opts.recursive ?? false;
  const watchKey = recursive && !key.endsWith('/') ? `${key}/` : key;
  const requested = parseResourceVersion(opts.resourceVersion);
  const initial = opts.sendInitialEvents ?? requested === 0;
  if (initial) await source.awaitRevision(key, requested);
  else if (requested > 0 && requested < source.compacted()) throw errors.tooOldResourceVersion(requested, source.compacted());
  const after = initial || requested === 0 ? source.revision() : requested;
  const watcher = new MemoryWatcher({
    key: watchKey,
    recursive,
    predicate: opts.predicate,
    after,
    maxQueue: source.maxQueue,
    signal: opts.signal,
    onEnd: (w) => source.watchers.delete(w),
  });
  if (initial) {
    for (const r of source.current(watchKey, recursive)) if (watcher.selects(r.value)) watcher.added(r.value, r.modRevision);
    if (opts.sendInitialEvents === true) watcher.bookmark(after, true);
  } else {
    for (const event of source.eventsAfter(watchKey, recursive, after)) watcher.offer(event, new ParsedEvent(event), false);
  }
  if (opts.signal?.aborted) {
    watcher.stop();
    return watcher;
  }
  source.watchers.add(watcher);
  if (opts.allowBookmarks) watcher.startBookmarks(opts.bookmarkIntervalMs ?? 60_000, source.revision);
  return watcher;
}
