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
  type Watcher,
} from '@apiserver-kit/core';
import { decodeValue } from '@apiserver-kit/storage';

export interface EtcdWatcherOptions {
  predicate?: Predicate | undefined;
  /** A consumer this many events behind is cut off: it gets what is queued, then the end. */
  maxQueue: number;
  signal?: AbortSignal | undefined;
  /** Called once when the watcher stops taking events (stop, abort, overflow, error or close). */
  onEnd(): void;
}

export class EtcdWatcher implements Watcher {
  private queue: WatchEvent[] = [];
  private head = 0;
  private readonly waiters: Array<(result: IteratorResult<WatchEvent>) => void> = [];
  private ending = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly selectsAll: boolean;
  private readonly onAbort = (): void => this.stop();

  constructor(private readonly opts: EtcdWatcherOptions) {
    this.selectsAll = predicateEmpty(opts.predicate);
    opts.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (opts.signal?.aborted) this.stop();
  }

  get ended(): boolean {
    return this.ending;
  }

  /** Whether an object passes the watch's predicate. */
  selects(obj: ApiObject): boolean {
    return this.selectsAll || predicateMatches(this.opts.predicate, obj);
  }

  /** Queues what one write (new value, null for a delete; the value it replaced) means here. */
  change(revision: number, value: string | null, prev: string | null): void {
    if (this.ending) return;
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
    this.timer = setInterval(() => {
      if (this.head === this.queue.length) this.bookmark(revision());
    }, intervalMs);
    this.timer.unref();
  }

  /** Delivers what is queued, then an ERROR event with `status`, then the end. */
  fail(status: Status): void {
    if (this.ending) return;
    this.queue.push({ type: 'ERROR', object: status });
    this.flush();
    this.end();
  }

  /** Delivers what is queued, then ends. */
  finish(): void {
    this.end();
  }

  /** Ends the iteration at once, dropping anything queued; idempotent. */
  stop(): void {
    this.queue = [];
    this.head = 0;
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    return {
      next: () => this.next(),
      return: () => {
        this.stop();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  private next(): Promise<IteratorResult<WatchEvent>> {
    if (this.head < this.queue.length) {
      const event = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as WatchEvent;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ done: false, value: event });
    }
    if (this.ending) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private push(event: WatchEvent, bounded: boolean): void {
    if (this.ending) return;
    const waiter = this.waiters.shift();
    if (waiter) return waiter({ done: false, value: event });
    if (bounded && this.queue.length - this.head >= this.opts.maxQueue) return this.end();
    this.queue.push(event);
  }

  /** Hands queued events to waiting readers. */
  private flush(): void {
    while (this.waiters.length > 0 && this.head < this.queue.length) {
      const event = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as WatchEvent;
      this.waiters.shift()!({ done: false, value: event });
    }
  }

  private end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.ending) {
      this.ending = true;
      this.opts.signal?.removeEventListener('abort', this.onAbort);
      this.opts.onEnd();
    }
    if (this.head === this.queue.length) for (const waiter of this.waiters.splice(0)) waiter({ done: true, value: undefined });
  }
}
