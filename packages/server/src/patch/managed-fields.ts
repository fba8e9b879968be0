/**
 * `metadata.managedFields` bookkeeping (k8s.io/apimachinery/pkg/util/managedfields): decoding
 * and encoding entries, manager identities, and ownership tracking for non-apply writes
 * (create / update / patch), with kube's rules: the fields a write added or changed become the
 * writer's (operation "Update"), other managers lose them, removed fields are dropped from
 * every manager, empty entries disappear, at most 10 Update entries are kept (older ones merge
 * into "ancient-changes"), and apiVersion, kind and the system metadata fields are never owned.
 *
 * @example
 * const stored = updateManagedFields({ live: null, updated: cm, manager: 'kubectl-create',
 *   apiVersion: 'v1', now: new Date() });
 * stored.metadata.managedFields; // [{ manager: 'kubectl-create', operation: 'Update', ... }]
 */
import { deepCopy, type ApiObject, type ManagedFieldsEntry } from '@apiserver-kit/core';
import { goJson, isObject, jsonEqual } from './go-compat.js';
import { FieldSet, field, type Path } from './fieldpath.js';
import { patchMeta, type PatchMeta } from './patch-meta.js';
import { TypedError, compare, fieldSetOfDotPaths } from './typed.js';

export interface ManagerInfo {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

export interface VersionedSet {
  set: FieldSet;
  apiVersion: string;
  applied: boolean;
}

/** Decoded managed fields: field sets and times by manager identity. */
export interface Managed {
  fields: Map<string, VersionedSet>;
  times: Map<string, string | undefined>;
}

/** kube's DefaultMaxUpdateManagers. */
export const maxUpdateManagers = 10;

const metaPath = (name?: string): Path => (name ? [field('metadata'), field(name)] : [field('metadata')]);

/** Fields no manager ever owns (managedfields stripMetaManager). */
export const strippedFields: FieldSet = FieldSet.of(
  [field('apiVersion')],
  [field('kind')],
  metaPath(),
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (n) => metaPath(n),
  ),
);

/** The identity of a manager (BuildManagerIdentifier): Apply entries ignore the apiVersion. */
export function managerIdentifier(info: ManagerInfo): string {
  let s = `{"manager":${goJson(info.manager)},"operation":${goJson(info.operation)}`;
  if (info.operation !== 'Apply' && info.apiVersion) s += `,"apiVersion":${goJson(info.apiVersion)}`;
  if (info.subresource) s += `,"subresource":${goJson(info.subresource)}`;
  return `${s}}`;
}

export function parseManagerIdentifier(id: string): ManagerInfo {
  const o = JSON.parse(id) as Partial<ManagerInfo>;
  const info: ManagerInfo = { manager: o.manager ?? '', operation: o.operation ?? 'Update', apiVersion: o.apiVersion ?? '' };
  if (o.subresource) info.subresource = o.subresource;
  return info;
}

/** How conflicts name a manager: `"kubectl"`, `"kubelet" with subresource "status" using v1`. */
export function printManager(id: string): string {
  const info = parseManagerIdentifier(id);
  let s = JSON.stringify(info.manager);
  if (info.subresource) s += ` with subresource ${JSON.stringify(info.subresource)}`;
  if (info.operation === 'Update') s += ` using ${info.apiVersion}`;
  return s;
}

/** RFC 3339 with whole seconds, as metav1.Time serializes. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export function cloneManaged(m: Managed): Managed {
  const fields = new Map<string, VersionedSet>();
  for (const [id, vs] of m.fields) fields.set(id, { ...vs });
  return { fields, times: new Map(m.times) };
}

/** Decode `metadata.managedFields` (DecodeManagedFields); throws on an invalid entry. */
export function decodeManagedFields(entries: readonly unknown[]): Managed {
  const m = emptyManaged();
  entries.forEach((raw, i) => {
    if (!isObject(raw)) throw new Error(`managed fields entry ${i} is not an object`);
    const e = raw as ManagedFieldsEntry;
    if (e.operation !== 'Apply' && e.operation !== 'Update') throw new Error('operation must be `Apply` or `Update`');
    if (!e.apiVersion) throw new Error('apiVersion must not be empty');
    if (e.fieldsType !== 'FieldsV1') throw new Error(`invalid fieldsType in managed fields entry ${i}`);
    const info: ManagerInfo = { manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion };
    if (e.subresource) info.subresource = e.subresource;
    const id = managerIdentifier(info);
    m.fields.set(id, { set: FieldSet.fromFieldsV1(e.fieldsV1 ?? {}), apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    m.times.set(id, typeof e.time === 'string' ? e.time : undefined);
  });
  return m;
}

function seconds(t: string | undefined): number {
  const ms = t ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function cmp<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encode managed fields as kube stores them (sorted: Apply first, then by time, manager, ...). */
export function encodeManagedFields(m: Managed): ManagedFieldsEntry[] | undefined {
  if (m.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.fields) {
    const info = parseManagerIdentifier(id);
    const e: ManagedFieldsEntry = {};
    if (info.manager) e.manager = info.manager;
    e.operation = vs.applied ? 'Apply' : info.operation;
    e.apiVersion = vs.apiVersion;
    const time = m.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toFieldsV1();
    if (info.subresource) e.subresource = info.subresource;
    entries.push(e);
  }
  return entries.sort(
    (p, q) =>
      cmp(p.operation ?? '', q.operation ?? '') ||
      cmp(seconds(p.time), seconds(q.time)) ||
      cmp(p.manager ?? '', q.manager ?? '') ||
      cmp(p.apiVersion ?? '', q.apiVersion ?? '') ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
}

/** Merge the oldest Update entries into "ancient-changes" buckets until at most `max` remain. */
export function capUpdateManagers(m: Managed, max = maxUpdateManagers): void {
  const updaters = [...m.fields.entries()].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => cmp(seconds(m.times.get(a)), seconds(m.times.get(b))) || cmp(a, b));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = m.fields.get(id)!;
    const bucket = managerIdentifier({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstByVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!m.fields.has(bucket)) {
      m.fields.set(bucket, m.fields.get(first)!);
      m.fields.delete(first);
    }
    m.fields.set(bucket, { set: vs.set.union(m.fields.get(bucket)!.set), apiVersion: vs.apiVersion, applied: vs.applied });
    m.fields.delete(id);
    m.times.set(bucket, m.times.get(id));
    length--;
  }
}

export interface RecordUpdate {
  manager: string;
  apiVersion: string;
  subresource?: string;
  time: string;
  meta: PatchMeta;
  ignored: FieldSet;
}

/** Track one non-apply write from `live` to `next` (in place): smd Updater.Update + managedFieldsUpdater. */
export function recordUpdate(m: Managed, live: unknown, next: unknown, u: RecordUpdate): void {
  const c = compare(live, next, u.meta);
  const removed = c.removed.recursiveDifference(u.ignored);
  const changed = c.modified.union(c.added).recursiveDifference(u.ignored);
  for (const [id, vs] of m.fields) {
    const set = vs.set.difference(changed).difference(removed);
    if (set.isEmpty()) m.fields.delete(id);
    else m.fields.set(id, { ...vs, set });
  }
  const own = changed.difference(removed).difference(strippedFields);
  if (own.isEmpty()) return;
  const info: ManagerInfo = { manager: u.manager || 'unknown', operation: 'Update', apiVersion: u.apiVersion };
  if (u.subresource) info.subresource = u.subresource;
  const id = managerIdentifier(info);
  const prev = m.fields.get(id);
  m.fields.set(id, { set: prev ? own.union(prev.set) : own, apiVersion: u.apiVersion, applied: false });
  m.times.set(id, u.time);
}

/** The object without metadata.managedFields. */
export function withoutManagedFields(obj: ApiObject): ApiObject {
  const copy = deepCopy(obj);
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

/**
 * Set (or remove) metadata.managedFields. Equivalent `previous` entries are kept as they are and
 * the field keeps its place among the keys of `previousMeta`, so an unchanged object stays
 * byte-for-byte identical.
 */
export function setManagedFields(
  obj: ApiObject,
  entries: ManagedFieldsEntry[] | undefined,
  previous?: unknown,
  previousMeta?: object,
): ApiObject {
  const out = deepCopy(obj);
  const meta: Record<string, unknown> = { ...(out.metadata ?? {}) };
  delete meta.managedFields;
  if (!entries) {
    out.metadata = meta;
    return out;
  }
  const value = Array.isArray(previous) && jsonEqual(previous, entries) ? deepCopy(previous) : entries;
  const keys = previousMeta ? Object.keys(previousMeta) : [];
  const at = keys.indexOf('managedFields');
  const before = at >= 0 ? keys.slice(at + 1).find((k) => k in meta) : undefined;
  const placed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) {
    if (k === before) placed.managedFields = value;
    placed[k] = v;
  }
  if (!('managedFields' in placed)) placed.managedFields = value;
  out.metadata = placed;
  return out;
}

function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && isObject(entries[0]) && Object.keys(entries[0]).length === 0);
}

/** decodeLiveOrNew: the request's managedFields if valid and non-empty, else the live object's. */
export function managedForUpdate(live: ApiObject | null, updated: ApiObject, ignoreRequest: boolean): Managed {
  const fromLive = (): Managed => {
    const entries = live?.metadata?.managedFields;
    if (!Array.isArray(entries)) return emptyManaged();
    try {
      return decodeManagedFields(entries);
    } catch {
      return emptyManaged();
    }
  };
  if (ignoreRequest) return fromLive();
  const requested = updated.metadata?.managedFields;
  if (isReset(requested)) return emptyManaged();
  if (Array.isArray(requested)) {
    try {
      const m = decodeManagedFields(requested);
      if (m.fields.size > 0) return m;
    } catch {
      // invalid: fall back to the live object's, like kube
    }
  }
  return fromLive();
}

export interface UpdateManagedFieldsOptions {
  /** The stored object, or null on create. */
  live: ApiObject | null;
  /** The object about to be stored. */
  updated: ApiObject;
  manager: string;
  /** The apiVersion of the request (e.g. `v1`, `apps/v1`). */
  apiVersion: string;
  now: Date;
  subresource?: string;
  mergeKeys?: Record<string, string>;
  primitiveMergeLists?: string[];
  /** Dot paths reset by the strategy and never owned (`status` on the main resource). */
  ignoredFields?: string[];
}

/**
 * Record a create / update / non-apply patch in metadata.managedFields and return the object
 * to store. An existing object without managed fields stays untracked until its first apply.
 */
export function updateManagedFields(o: UpdateManagedFieldsOptions): ApiObject {
  const managed = managedForUpdate(o.live, o.updated, Boolean(o.subresource));
  const next = withoutManagedFields(o.updated);
  if (managed.fields.size === 0 && o.live && o.live.metadata?.uid) return next;
  const live = o.live ? withoutManagedFields(o.live) : {};
  try {
    recordUpdate(managed, live, next, {
      manager: o.manager,
      apiVersion: o.apiVersion,
      subresource: o.subresource,
      time: formatTime(o.now),
      meta: patchMeta(o.mergeKeys, o.primitiveMergeLists),
      ignored: fieldSetOfDotPaths(o.ignoredFields ?? []),
    });
  } catch (err) {
    // UpdateNoErrors: an object that does not fit the list metadata keeps the live entries.
    if (!(err instanceof TypedError)) throw err;
    return setManagedFields(next, o.live?.metadata?.managedFields ?? undefined, undefined, o.live?.metadata);
  }
  capUpdateManagers(managed);
  const layout = o.updated.metadata?.managedFields ? o.updated.metadata : o.live?.metadata;
  return setManagedFields(next, encodeManagedFields(managed), o.live?.metadata?.managedFields, layout);
}
