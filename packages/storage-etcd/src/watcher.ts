/**
 * EtcdWatcher: the consumer side of one etcd watch. It turns etcd events into the contract's
 * events with kube's selector transitions (an object entering the selection is ADDED, one
 * leaving it DELETED with its last matching state), queues them so etcd's stream never waits
 * for a slow consumer (one that falls `maxQueue` events behind is cut off), sends bookmarks, and
 * can end with an ERROR event (410 Expired when etcd compacted the history it needed).
 *
 * @example
 * const w = new EtcdWatcher({ predicate, maxQueue: 1000, onEnd: () => stream.cancel() });
 * w.change(7, '{"metadata":{"name":"a"}}', null);  // ADDED a at resourceVersion 7
 * for await (const ev of w) console.log(ev.type);
 */
import {
  predicateEmpty,
  predicateMatches,
  type ApiObject,
  type Predicate,
  type Status,
  type WatchEvent,
} from '@apiserver-kit/core';
import { WatchQueue, decodeValue } from '@apiserver-kit/storage';

export interface EtcdWatcherOptions {
  predicate?: Predicate | undefined;
  /** A consumer this many events behind is cut off: it gets what is queued, then the end. */
  maxQueue: number;
  signal?: AbortSignal | undefined;
  /** Called once when the watcher stops taking events (stop, abort, overflow, error or close). */
  onEnd(): void;
}

export class EtcdWatcher extends WatchQueue<WatchEvent> {
  private readonly selectsAll: boolean;

  constructor(private readonly opts: EtcdWatcherOptions) {
    super(opts);
    this.selectsAll = predicateEmpty(opts.predicate);
    if (opts.signal?.aborted) this.stop();
  }

  /** Whether an object passes the watch's predicate. */
  selects(obj: ApiObject): boolean {
    return this.selectsAll || predicateMatches(this.opts.predicate, obj);
  }

  /** Queues what one write (new value, null for a delete; the value it replaced) means here. */
  change(revision: number, value: string | null, prev: string | null): void {
    if (this.ended) return;
    const current = value === null ? null : decodeValue(value, revision);
    const previous = prev === null ? null : decodeValue(prev, revision);
    const now = current !== null && this.selects(current);
    const before = previous !== null && this.selects(previous);
    if (now && before) this.push({ type: 'MODIFIED', object: current }, true);
    else if (now) this.push({ type: 'ADDED', object: current }, true);
    // An object leaving the selection is DELETED with its previous content at the event's revision.
    else if (before) this.push({ type: 'DELETED', object: previous }, true);
  }

  /** Queues an ADDED event for an object of the initial state. */
  added(obj: ApiObject): void {
    this.push({ type: 'ADDED', object: obj }, false);
  }

  bookmark(revision: number, initialEventsEnd = false): void {
    const metadata: ApiObject['metadata'] = { resourceVersion: String(revision) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    // A bookmark carries metadata only; the server adds apiVersion and kind.
    this.push({ type: 'BOOKMARK', object: { metadata } as ApiObject }, !initialEventsEnd);
  }

  /** Sends a BOOKMARK at `revision()` every `intervalMs` while nothing else is queued. */
  startBookmarks(intervalMs: number, revision: () => number): void {
    this.every(intervalMs, () => {
      if (this.idle) this.bookmark(revision());
    });
  }

  /** Delivers what is queued, then an ERROR event with `status`, then the end. */
  fail(status: Status): void {
    this.pushLast({ type: 'ERROR', object: status });
  }

  /** Delivers what is queued, then ends. */
  finish(): void {
    this.end();
  }

  protected materialize(event: WatchEvent): WatchEvent {
    return event;
  }

  protected onEnded(): void {
    this.opts.onEnd();
  }
}
