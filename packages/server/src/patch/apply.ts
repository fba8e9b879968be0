/**
 * Server-side apply (`application/apply-patch+yaml`), after structured-merge-diff and kube's
 * field manager: the applied configuration is merged into the live object; fields the manager
 * applied last time but no longer applies are removed unless another manager owns them; a
 * field the configuration would change that another manager owns is a conflict (409, kube's
 * message and causes) unless `force` takes it over. Managers applying identical values share
 * ownership. Re-applying the same configuration returns an object equal to the live one (same
 * managedFields and times), so the caller can skip the write.
 *
 * @example
 * const next = applyPatch({ live, applied: parseApplyBody(body), manager: 'kubectl', force: false,
 *   apiVersion: 'v1', now: new Date(), mergeKeys: {} });
 */
import { deepCopy, errors, parseApiVersion, type ApiObject, type StatusCause } from '@apiserver-kit/core';
import { isObject, jsonEqual, setOwn, unknownServerError, type JsonObject } from './go-compat.js';
import { FieldSet, pathString, type Path } from './fieldpath.js';
import { allowedConflictsFromLastApplied, syncLastApplied } from './last-applied.js';
import {
  capUpdateManagers,
  cloneManaged,
  decodeManagedFields,
  emptyManaged,
  encodeManagedFields,
  formatTime,
  managerIdentifier,
  printManager,
  recordUpdate,
  setManagedFields,
  strippedFields,
  withoutManagedFields,
  type Managed,
  type ManagerInfo,
} from './managed-fields.js';
import { patchMeta, type PatchMeta } from './patch-meta.js';
import { TypedError, compare, fieldSetOfDotPaths, merge, pathsToPrune, removePaths, toFieldSet } from './typed.js';

export interface ApplyOptions {
  /** The stored object, or null when the apply creates it. */
  live: ApiObject | null;
  /** The applied configuration (see parseApplyBody). */
  applied: ApiObject;
  /** The fieldManager query parameter (required for apply). */
  manager: string;
  force: boolean;
  /** The apiVersion of the request; the configuration must use it. */
  apiVersion: string;
  now: Date;
  /** Dot path of a list -> merge key (fields joined by commas for several). */
  mergeKeys: Record<string, string>;
  /** Primitive lists applied as sets. */
  primitiveMergeLists?: string[];
  /** The kind served at the URL; defaults to the live object's kind. */
  kind?: string;
  /** The name in the URL; checked against the resulting object's name when given. */
  name?: string;
  subresource?: string;
  /** Dot paths reset by the strategy and never owned (`status` on the main resource). */
  ignoredFields?: string[];
}

/** One manager's conflicting fields. */
export interface Conflict {
  manager: string;
  paths: Path[];
}

class ConflictError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('conflicts');
  }
}

/** kube's NewConflictError: the 409 an apply gets when other managers own fields it changes. */
export function conflictError(conflicts: Conflict[]) {
  const sorted = [...conflicts].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  const causes: StatusCause[] = [];
  for (const c of sorted) {
    for (const p of c.paths) {
      causes.push({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.manager)}`, field: pathString(p) });
    }
  }
  let message: string;
  if (causes.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(sorted[0]!.manager)}: ${causes[0]!.field}`;
  } else {
    const lines: string[] = [];
    for (const c of sorted) {
      lines.push(`conflicts with ${printManager(c.manager)}:`);
      for (const p of c.paths) lines.push(`- ${pathString(p)}`);
    }
    message = `Apply failed with ${causes.length} conflicts: ${lines.join('\n')}`;
  }
  return errors.conflictWithCauses({ group: '', resource: '' }, '', message, causes);
}

function gvkString(apiVersion: unknown, kind: unknown): string {
  const gv = parseApiVersion(typeof apiVersion === 'string' ? apiVersion : '');
  return `${gv.group}/${gv.version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

/** Remove null-valued fields: an applied null means "not set". */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, dropNulls(x));
  return out;
}

interface Context {
  meta: PatchMeta;
  ignored: FieldSet;
  time: string;
  info: ManagerInfo;
  config: JsonObject;
  live: JsonObject;
}

/** One attempt of the structured merge: throws ConflictError unless forced. */
function attempt(ctx: Context, initial: Managed, force: boolean): { object: JsonObject; managed: Managed } {
  const m = cloneManaged(initial);
  if (m.fields.size === 0) {
    // skipNonAppliedManager: fields set before the first apply belong to "before-first-apply".
    recordUpdate(m, {}, ctx.live, {
      manager: 'before-first-apply',
      apiVersion: ctx.info.apiVersion,
      subresource: ctx.info.subresource,
      time: ctx.time,
      meta: ctx.meta,
      ignored: ctx.ignored,
    });
    capUpdateManagers(m);
  }
  const id = managerIdentifier({ ...ctx.info, operation: 'Apply' });
  const merged = merge(ctx.live, ctx.config, ctx.meta) as JsonObject;
  const lastSet = m.fields.get(id)?.set;
  m.fields.set(id, {
    set: toFieldSet(ctx.config, ctx.meta).recursiveDifference(ctx.ignored),
    apiVersion: ctx.info.apiVersion,
    applied: true,
  });
  let result = merged;
  if (lastSet && !lastSet.isEmpty()) {
    const owned = [...m.fields.values()].reduce((acc, vs) => acc.union(vs.set), new FieldSet());
    result = removePaths(merged, pathsToPrune(merged, lastSet, owned, ctx.meta), ctx.meta) as JsonObject;
  }
  const c = compare(ctx.live, result, ctx.meta);
  const changed = c.modified.union(c.added).recursiveDifference(ctx.ignored);
  const removed = c.removed.recursiveDifference(ctx.ignored);
  const conflicts: Conflict[] = [];
  for (const [other, vs] of m.fields) {
    if (other === id) continue;
    const clash = vs.set.intersection(changed);
    if (!clash.isEmpty()) conflicts.push({ manager: other, paths: clash.paths() });
  }
  if (!force && conflicts.length > 0) throw new ConflictError(conflicts);
  for (const [other, vs] of m.fields) {
    if (other === id) continue;
    m.fields.set(other, { ...vs, set: vs.set.difference(changed).difference(removed) });
  }
  const own = m.fields.get(id)!;
  m.fields.set(id, { ...own, set: own.set.difference(strippedFields) });
  for (const [other, vs] of m.fields) if (vs.set.isEmpty()) m.fields.delete(other);
  const objectChanged = !jsonEqual(ctx.live, result);
  if (objectChanged) m.times.set(id, ctx.time);
  return { object: objectChanged ? result : ctx.live, managed: m };
}

function liveManaged(live: ApiObject | null): Managed {
  const entries = live?.metadata?.managedFields;
  if (!Array.isArray(entries)) return emptyManaged();
  try {
    return decodeManagedFields(entries);
  } catch (err) {
    throw unknownServerError(`failed to decode managed fields: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function checkApplied(o: ApplyOptions): void {
  const kind = o.kind ?? o.live?.kind ?? o.applied.kind;
  if (o.applied.apiVersion !== o.apiVersion || o.applied.kind !== kind) {
    throw errors.badRequest(`invalid object type: ${gvkString(o.applied.apiVersion, o.applied.kind)}`);
  }
  if (Array.isArray(o.applied.metadata?.managedFields)) throw errors.badRequest('metadata.managedFields must be nil');
}

/**
 * Apply `applied` for `manager` and return the object to store, with updated
 * metadata.managedFields. Throws a 409 Conflict (with FieldManagerConflict causes) when other
 * managers own fields the configuration changes and `force` is false.
 */
export function applyPatch(o: ApplyOptions): ApiObject {
  checkApplied(o);
  const meta = patchMeta(o.mergeKeys, o.primitiveMergeLists);
  const info: ManagerInfo = { manager: o.manager || 'unknown', operation: 'Apply', apiVersion: o.apiVersion };
  if (o.subresource) info.subresource = o.subresource;
  const ctx: Context = {
    meta,
    ignored: fieldSetOfDotPaths(o.ignoredFields ?? []),
    time: formatTime(o.now),
    info,
    config: dropNulls(o.applied) as JsonObject,
    live: (o.live ? withoutManagedFields(o.live) : {}) as JsonObject,
  };
  const initial = liveManaged(o.live);
  const describe = (obj: ApiObject): string =>
    `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}; ${gvkString(obj.apiVersion, obj.kind)}`;
  try {
    toFieldSet(ctx.config, meta);
  } catch (err) {
    if (err instanceof TypedError) throw unknownServerError(`failed to create typed patch object (${describe(o.applied)}): ${err.message}`);
    throw err;
  }
  let outcome: ReturnType<typeof attempt>;
  try {
    try {
      outcome = attempt(ctx, initial, o.force);
    } catch (err) {
      if (!(err instanceof ConflictError) || o.manager !== 'kubectl' || !o.live) throw err;
      // lastAppliedManager: conflicts over fields kubectl's client-side apply owned are allowed.
      const allowed = allowedConflictsFromLastApplied(o.live, ctx.live, o.apiVersion, meta);
      const remaining = err.conflicts
        .map((c) => ({ manager: c.manager, paths: c.paths.filter((p) => !allowed?.has(p)) }))
        .filter((c) => c.paths.length > 0);
      if (remaining.length > 0) throw new ConflictError(remaining);
      outcome = attempt(ctx, initial, true);
    }
  } catch (err) {
    if (err instanceof ConflictError) throw conflictError(err.conflicts);
    if (err instanceof TypedError && o.live) {
      throw unknownServerError(`failed to create typed live object (${describe(o.live)}): ${err.message}`);
    }
    throw err;
  }
  let object = deepCopy(outcome.object) as ApiObject;
  if (o.manager === 'kubectl') object = syncLastApplied(object, o.applied);
  if (o.name !== undefined && object.metadata?.name !== o.name) {
    throw errors.badRequest(`the name of the object (${object.metadata?.name ?? ''}) does not match the name on the URL (${o.name})`);
  }
  return setManagedFields(object, encodeManagedFields(outcome.managed), o.live?.metadata?.managedFields, o.live?.metadata);
}
