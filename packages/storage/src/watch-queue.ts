/**
 * The consumer side every backend's watcher shares: a per-watcher queue so a slow consumer
 * never holds up writers (one `maxQueue` events behind is cut off: it gets what is queued,
 * then the end), async iteration, periodic bookmarks, stop and abort. Backends subclass it and
 * decide what they queue (`T`) and how an item becomes a WatchEvent.
 *
 * @example
 * class MyWatcher extends WatchQueue<WatchEvent> {
 *   protected materialize(e: WatchEvent) { return e; }
 *   protected onEnded() { stream.cancel(); }
 * }
 */
import type { WatchEvent, Watcher } from '@apiserver-kit/core';

export interface WatchQueueOptions {
  /** A consumer this many events behind is cut off. */
  maxQueue: number;
  /** Stops the watcher when aborted. */
  signal?: AbortSignal | undefined;
}

export abstract class WatchQueue<T> implements Watcher {
  private queue: T[] = [];
  private head = 0;
  private readonly waiters: Array<(result: IteratorResult<WatchEvent>) => void> = [];
  /** No more items are taken; queued ones are still delivered unless stopped. */
  private ending = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => this.stop();

  constructor(private readonly queueOptions: WatchQueueOptions) {
    queueOptions.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Turns a queued item into the event the consumer gets (called as it is taken). */
  protected abstract materialize(item: T): WatchEvent;

  /** Called once when the watcher stops taking items (stop, abort, overflow, finish). */
  protected abstract onEnded(): void;

  get ended(): boolean {
    return this.ending;
  }

  /** Nothing is waiting to be taken. */
  protected get idle(): boolean {
    return this.head === this.queue.length;
  }

  /** Calls `tick` every `intervalMs` until the watcher ends (bookmarks). */
  protected every(intervalMs: number, tick: () => void): void {
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
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

  /** Queues an item; `bounded` items count against maxQueue (replayed history does not). */
  protected push(item: T, bounded: boolean): void {
    if (this.ending) return;
    const waiter = this.waiters.shift();
    if (waiter) return waiter({ done: false, value: this.materialize(item) });
    if (bounded && this.queue.length - this.head >= this.queueOptions.maxQueue) return this.end();
    this.queue.push(item);
  }

  /** Delivers what is queued, then `item`, then the end (an ERROR event, say). */
  protected pushLast(item: T): void {
    if (this.ending) return;
    this.queue.push(item);
    while (this.waiters.length > 0 && this.head < this.queue.length) {
      this.waiters.shift()!({ done: false, value: this.materialize(this.take()) });
    }
    this.end();
  }

  /** Stops taking items; the consumer still gets what is queued, then the end. */
  protected end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.ending) {
      this.ending = true;
      this.queueOptions.signal?.removeEventListener('abort', this.onAbort);
      this.onEnded();
    }
    if (this.idle) for (const waiter of this.waiters.splice(0)) waiter({ done: true, value: undefined });
  }

  private take(): T {
    const item = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as T;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private next(): Promise<IteratorResult<WatchEvent>> {
    if (!this.idle) return Promise.resolve({ done: false, value: this.materialize(this.take()) });
    if (this.ending) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
