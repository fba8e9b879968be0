/**
 * One MemoryStorage watch: filters logged writes by key and predicate (with kube's selector
 * transition rules) into its own queue, so a slow consumer never holds up a writer. Objects are
 * queued as stored JSON text and parsed when the consumer takes them, so every consumer gets
 * its own copy.
 *
 * @example
 * const w = new MemoryWatcher({ key: '/a/', recursive: true, after: 5, maxQueue: 1000, onEnd });
 * store.eventsAfter(5).forEach((e) => w.offer(e));
 * for await (const ev of w) console.log(ev.type);
 */
import { predicateEmpty, predicateMatches, type ApiObject, type Predicate, type WatchEvent } from '@apiserver-kit/core';
import { WatchQueue } from '../watch-queue.js';
import { decodeValue } from './json.js';
import type { StoreEvent } from './mvcc.js';

export interface MemoryWatcherOptions {
  key: string;
  recursive: boolean;
  predicate?: Predicate;
  /** Only writes after this revision are sent. */
  after: number;
  /** A consumer this many events behind is cut off: it gets what is queued, then the end. */
  maxQueue: number;
  /** Stops the watcher when aborted. */
  signal?: AbortSignal;
  /** Called once when the watcher stops taking events. */
  onEnd(watcher: MemoryWatcher): void;
}

type Queued =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; text: string; revision: number }
  | { type: 'BOOKMARK'; revision: number; initialEventsEnd: boolean };

export class MemoryWatcher extends WatchQueue<Queued> {
  private readonly selectsAll: boolean;

  constructor(private readonly opts: MemoryWatcherOptions) {
    super(opts);
    this.selectsAll = predicateEmpty(opts.predicate);
  }

  /** Whether the watch covers `key`. */
  covers(key: string): boolean {
    return this.opts.recursive ? key.startsWith(this.opts.key) : key === this.opts.key;
  }

  /** Whether an object (as stored text) passes the watch's predicate. */
  selects(text: string): boolean {
    return this.selectsAll || predicateMatches(this.opts.predicate, JSON.parse(text) as ApiObject);
  }

  /**
   * Queues what a logged write means to this watcher: nothing, ADDED, MODIFIED or DELETED.
   * `parsed` shares one parse of the event's objects across all watchers. Live events count
   * against the queue limit; replayed history does not.
   */
  offer(event: StoreEvent, parsed: ParsedEvent = new ParsedEvent(event), live = true): void {
    if (this.ended || event.revision <= this.opts.after || !this.covers(event.key)) return;
    const { value, prev, revision } = event;
    const p = this.opts.predicate;
    const now = value !== null && (this.selectsAll || predicateMatches(p, parsed.current()!));
    const before = prev !== null && (this.selectsAll || predicateMatches(p, parsed.previous()!));
    if (now && before) this.push({ type: 'MODIFIED', text: value, revision }, live);
    else if (now) this.push({ type: 'ADDED', text: value, revision }, live);
    // An object leaving the selection is DELETED with its previous content at the event's revision.
    else if (before) this.push({ type: 'DELETED', text: prev.value, revision }, live);
  }

  /** Queues an ADDED event for an object of the initial state. */
  added(text: string, revision: number): void {
    this.push({ type: 'ADDED', text, revision }, false);
  }

  bookmark(revision: number, initialEventsEnd = false): void {
    this.push({ type: 'BOOKMARK', revision, initialEventsEnd }, !initialEventsEnd);
  }

  /** Sends a BOOKMARK at `revision()` every `intervalMs` while nothing else is queued. */
  startBookmarks(intervalMs: number, revision: () => number): void {
    this.every(intervalMs, () => {
      if (this.idle) this.bookmark(Math.max(revision(), this.opts.after));
    });
  }

  protected materialize(item: Queued): WatchEvent {
    return materialize(item);
  }

  protected onEnded(): void {
    this.opts.onEnd(this);
  }
}

/** The objects of one logged write, parsed at most once, for predicate checks only (read-only). */
export class ParsedEvent {
  private cur: ApiObject | null | undefined;
  private prev: ApiObject | null | undefined;
  constructor(private readonly event: StoreEvent) {}
  current(): ApiObject | null {
    if (this.cur === undefined) this.cur = this.event.value === null ? null : (JSON.parse(this.event.value) as ApiObject);
    return this.cur;
  }
  previous(): ApiObject | null {
    if (this.prev === undefined) this.prev = this.event.prev === null ? null : (JSON.parse(this.event.prev.value) as ApiObject);
    return this.prev;
  }
}

function materialize(item: Queued): WatchEvent {
  if (item.type !== 'BOOKMARK') return { type: item.type, object: decodeValue(item.text, item.revision) };
  const metadata: ApiObject['metadata'] = { resourceVersion: String(item.revision) };
  if (item.initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
  // A bookmark carries metadata only; the server adds apiVersion and kind.
  return { type: 'BOOKMARK', object: { metadata } as ApiObject };
}
