/**
 * The multi-version core of MemoryStorage: the current key/value records in key order, plus a
 * bounded log of the last writes. Reading at a past revision undoes the logged writes newer than
 * it, which is how etcd-style MVCC reads, paginated snapshots and watch resumption work here.
 *
 * Revisions are etcd's: the empty store is at revision 1 and every write adds one, so the first
 * write is revision 2. `compacted` is the oldest revision that can still be read; the log holds
 * exactly the writes after it.
 *
 * @example
 * const store = new MvccStore(100);
 * const ev = store.write('/a', '{"x":1}');   // ev.revision === 2
 * store.range('/', '/', 1).size;               // 0: the state at revision 1
 */

export interface Revisioned {
  /** The stored JSON text. */
  value: string;
  /** The revision that last wrote the key. */
  modRevision: number;
}

/** One logged write. */
export interface StoreEvent {
  revision: number;
  key: string;
  /** The new value; null for a delete. */
  value: string | null;
  /** The value the write replaced; null for a create. */
  prev: Revisioned | null;
}

/** The keys of one range at one revision, in key order. */
export interface RangeView {
  readonly size: number;
  key(i: number): string;
  record(i: number): Revisioned;
}

export class MvccStore {
  /** The revision of the latest write (1 for an empty store). */
  revision = 1;
  /** The oldest revision that can still be read; the log holds every write after it. */
  compacted = 1;
  private readonly records = new Map<string, Revisioned>();
  private readonly keys: string[] = [];
  private log: StoreEvent[] = [];
  private head = 0;

  constructor(private readonly historySize: number) {}

  get(key: string): Revisioned | undefined {
    return this.records.get(key);
  }

  /** Writes `value` (or deletes, for null) at the next revision. */
  write(key: string, value: string | null): StoreEvent {
    const prev = this.records.get(key) ?? null;
    const revision = ++this.revision;
    if (value === null) {
      this.records.delete(key);
      this.keys.splice(lowerBound(this.keys, key), 1);
    } else {
      if (!prev) this.keys.splice(lowerBound(this.keys, key), 0, key);
      this.records.set(key, { value, modRevision: revision });
    }
    const event: StoreEvent = { revision, key, value, prev };
    this.log.push(event);
    if (this.log.length - this.head > this.historySize) this.dropThrough(this.revision - this.historySize);
    return event;
  }

  /** Forgets the writes up to and including `revision`; reads at older revisions then fail. */
  compact(revision: number): void {
    if (revision > this.revision) throw new RangeError(`cannot compact to future revision ${revision} (current ${this.revision})`);
    if (revision > this.compacted) this.dropThrough(revision);
  }

  /** The logged writes after `revision` (which must be >= compacted), oldest first. */
  eventsAfter(revision: number): StoreEvent[] {
    return this.log.slice(this.head + Math.max(0, revision - this.compacted));
  }

  /** Keys under `prefix`, from `startKey` on, as of `revision` (compacted <= revision <= current). */
  range(prefix: string, startKey: string, revision: number): RangeView {
    const from = startKey > prefix ? startKey : prefix;
    const begin = lowerBound(this.keys, from);
    const end = Math.max(begin, this.rangeEnd(prefix));
    if (revision >= this.revision) {
      return {
        size: end - begin,
        key: (i) => this.keys[begin + i]!,
        record: (i) => this.records.get(this.keys[begin + i]!)!,
      };
    }
    // Undo the newer writes, newest first, so each key ends up with its value at `revision`.
    const undone = new Map<string, Revisioned | null>();
    for (let i = this.log.length - 1; i >= this.head && this.log[i]!.revision > revision; i--) {
      const e = this.log[i]!;
      if (e.key.startsWith(prefix) && e.key >= from) undone.set(e.key, e.prev);
    }
    const merged = new Set(this.keys.slice(begin, end));
    for (const key of undone.keys()) merged.add(key);
    const entries: Array<[string, Revisioned]> = [];
    for (const key of [...merged].sort(compareKeys)) {
      const record = undone.has(key) ? undone.get(key) : this.records.get(key);
      if (record) entries.push([key, record]);
    }
    return { size: entries.length, key: (i) => entries[i]![0], record: (i) => entries[i]![1] };
  }

  /** The index after the last key starting with `prefix`. */
  private rangeEnd(prefix: string): number {
    const last = prefix.charCodeAt(prefix.length - 1);
    if (prefix === '') return this.keys.length;
    if (last < 0xffff) return lowerBound(this.keys, prefix.slice(0, -1) + String.fromCharCode(last + 1));
    let end = lowerBound(this.keys, prefix);
    while (end < this.keys.length && this.keys[end]!.startsWith(prefix)) end++;
    return end;
  }

  private dropThrough(revision: number): void {
    while (this.head < this.log.length && this.log[this.head]!.revision <= revision) this.head++;
    this.compacted = revision;
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }
}

/** Key order: by UTF-16 code unit, which is etcd's byte order for the ASCII keys the kit uses. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
