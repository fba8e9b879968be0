/**
 * The storage contract every backend implements (memory, SQLite, etcd). It is a versioned
 * key-value store of JSON objects shaped like k8s.io/apiserver's storage.Interface, so etcd maps
 * onto it directly:
 *
 * - Every write bumps one store-wide revision, a strictly increasing integer; an object's
 *   `metadata.resourceVersion` is the decimal string of the revision that last wrote it. Backends
 *   set it on every object they return and never persist it inside the value.
 * - Keys are `/`-separated strings; lists and recursive watches take a prefix ending in `/`.
 * - Failures are `StorageError`s (key-level, no resource names); the registry maps them onto
 *   Status errors. Compacted revisions fail with StatusError 410 Expired, and revisions newer
 *   than the store with StatusError 504 (ResourceVersionTooLarge), as kube-apiserver does.
 *
 * @example
 * const cm = await storage.create('/core/configmaps/default/a', obj);
 * const page = await storage.list('/core/configmaps/default/', { limit: 10 });
 * const w = await storage.watch('/core/configmaps/', { resourceVersion: page.resourceVersion, recursive: true });
 * for await (const ev of w) console.log(ev.type, ev.object.metadata.name);
 */
import type { ApiObject } from './objects.js';
import type { FieldSelector, LabelSelector } from './selectors/types.js';
import type { Status } from './status.js';

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/** Which objects a list or watch returns. */
export interface Predicate {
  label?: LabelSelector;
  field?: FieldSelector;
  /** The field-selectable fields of one object (metadata.name, metadata.namespace, ...). */
  fieldsOf?(obj: ApiObject): Record<string, string>;
}

export type ResourceVersionMatch = 'NotOlderThan' | 'Exact';

export interface ListOptions {
  /** "" (or absent): the latest state. "0": any state, the latest being fine. N: see resourceVersionMatch. */
  resourceVersion?: string;
  /** With N: NotOlderThan (the default) reads state at least as new as N; Exact reads state at N. */
  resourceVersionMatch?: ResourceVersionMatch;
  /** At most this many items; 0 or absent for all. */
  limit?: number;
  /** A token from a previous page; continues at that page's snapshot. */
  continue?: string;
  predicate?: Predicate;
}

export interface ListResult {
  items: ApiObject[];
  /** The revision the list was read at. */
  resourceVersion: string;
  /** Set when more items remain. */
  continue?: string;
  /** Items left after this page, when known (no predicate filtering). */
  remainingItemCount?: number;
}

export interface GetOptions {
  /** "" / "0" / N as for list (NotOlderThan). */
  resourceVersion?: string;
}

export interface UpdateOptions {
  preconditions?: Preconditions;
  /** When true, `tryUpdate` receives null for a missing key and the result is created. */
  ignoreNotFound?: boolean;
  /**
   * Computes the new object from the current one (which carries its resourceVersion). Called
   * again with a fresh object whenever another writer got in first (compare-and-swap). Throwing
   * aborts the update. Returning an object equal to the current one writes nothing.
   */
  tryUpdate(current: ApiObject | null): Promise<ApiObject>;
}

export interface DeleteOptions {
  preconditions?: Preconditions;
  /** Runs against the current object inside the CAS loop; throw to refuse the delete. */
  validateDeletion?(current: ApiObject): Promise<void>;
}

export interface WatchOptions {
  /**
   * "" or "0" (or absent): start from the current state, first sending an ADDED event per
   * existing object. N: send every change after revision N, nothing before.
   */
  resourceVersion?: string;
  /** Watch every key under the prefix `key` (which ends in `/`) rather than the one key. */
  recursive?: boolean;
  predicate?: Predicate;
  /**
   * Send the current state as ADDED events first, then a BOOKMARK annotated
   * `k8s.io/initial-events-end: "true"`. Defaults to false for N and true for "" / "0"
   * (where no end bookmark is sent unless this is set explicitly).
   */
  sendInitialEvents?: boolean;
  /** Send BOOKMARK events now and then so the watcher can resume from a recent revision. */
  allowBookmarks?: boolean;
  /** How often bookmarks are sent, when allowed. Default 60 s. */
  bookmarkIntervalMs?: number;
  /** Stops the watch. */
  signal?: AbortSignal;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export type WatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: ApiObject }
  /** object carries only metadata.resourceVersion (and annotations for initial-events-end). */
  | { type: 'BOOKMARK'; object: ApiObject }
  | { type: 'ERROR'; object: Status };

export interface Watcher extends AsyncIterable<WatchEvent> {
  /** Ends the iteration; idempotent. */
  stop(): void;
}

export interface Storage {
  /** Fails with StorageError KeyExists when the key is present. */
  create(key: string, obj: ApiObject): Promise<ApiObject>;
  /** Fails with StorageError KeyNotFound. */
  get(key: string, opts?: GetOptions): Promise<ApiObject>;
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;
  /** The compare-and-swap update loop. Fails with KeyNotFound, or Conflict for failed preconditions. */
  guaranteedUpdate(key: string, opts: UpdateOptions): Promise<ApiObject>;
  /** Returns the deleted object (its resourceVersion is the deleting revision). */
  delete(key: string, opts?: DeleteOptions): Promise<ApiObject>;
  /** Fails (rejects) with StatusError 410 Expired for a compacted revision. */
  watch(key: string, opts?: WatchOptions): Promise<Watcher>;
  count(prefix: string): Promise<number>;
  currentRevision(): Promise<number>;
  close(): Promise<void>;
}

export type StorageErrorCode = 'KeyNotFound' | 'KeyExists' | 'Conflict' | 'InvalidObject' | 'Unreachable';

const storageBrand = Symbol.for('apiserver-kit.StorageError');

/** A key-level storage failure; `interpretStorageError` turns it into a Status. */
export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  constructor(code: StorageErrorCode, key: string, message?: string) {
    super(message ?? `${code}: ${key}`);
    this.name = 'StorageError';
    this.code = code;
    this.key = key;
    Object.defineProperty(this, storageBrand, { value: true });
  }
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[storageBrand] === true;
  }
}

/** The message of a failed precondition, as the etcd3 store words it. */
export function preconditionFailedMessage(kind: 'UID' | 'ResourceVersion', expected: string, actual: string): string {
  return `Precondition failed: ${kind} in precondition: ${expected}, ${kind} in object meta: ${actual}`;
}

/** Check preconditions against the current object; throws StorageError Conflict. */
export function checkPreconditions(key: string, pre: Preconditions | undefined, current: ApiObject): void {
  if (!pre) return;
  if (pre.uid !== undefined && pre.uid !== current.metadata.uid)
    throw new StorageError('Conflict', key, preconditionFailedMessage('UID', pre.uid, current.metadata.uid ?? ''));
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion)
    throw new StorageError(
      'Conflict',
      key,
      preconditionFailedMessage('ResourceVersion', pre.resourceVersion, current.metadata.resourceVersion ?? ''),
    );
}

/** Whether an object passes a predicate. */
export function predicateMatches(p: Predicate | undefined, obj: ApiObject): boolean {
  if (!p) return true;
  if (p.label && !p.label.empty() && !p.label.matches(obj.metadata.labels ?? {})) return false;
  if (p.field && !p.field.empty()) {
    const fields = p.fieldsOf ? p.fieldsOf(obj) : defaultFieldsOf(obj);
    if (!p.field.matches(fields)) return false;
  }
  return true;
}

/** Whether a predicate filters anything. */
export function predicateEmpty(p: Predicate | undefined): boolean {
  return !p || ((!p.label || p.label.empty()) && (!p.field || p.field.empty()));
}

/** metadata.name and metadata.namespace: the fields every resource can be selected by. */
export function defaultFieldsOf(obj: ApiObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (obj.metadata.namespace !== undefined) fields['metadata.namespace'] = obj.metadata.namespace;
  return fields;
}
