/**
 * The value operations of structured-merge-diff over plain JSON, typed only by PatchMeta:
 * objects are structs (their fields are not owned by themselves, only their leaves), lists
 * with merge keys are associative (`k:` items), set lists hold `v:` items and every other list
 * is atomic (owned as a whole). Provides the field set of an applied configuration, the
 * comparison of two objects (added / modified / removed paths), the apply merge, and removal
 * of paths (pruning).
 *
 * @example
 * const meta = patchMeta({ 'spec.containers': 'name' });
 * toFieldSet({ spec: { replicas: 2 } }, meta).toFieldsV1(); // { 'f:spec': { 'f:replicas': {} } }
 * compare({ data: { a: '1' } }, { data: { a: '2' } }, meta).modified; // .data.a
 */
import { hasOwn, isObject, jsonEqual, setOwn, type JsonObject } from './go-compat.js';
import { FieldSet, field, index, key, pathString, value, type Path, type PathElement } from './fieldpath.js';
import { childPath, listKind, type ListKind, type PatchMeta } from './patch-meta.js';

/** A value that does not fit the resource's list metadata (e.g. a keyed item without its key). */
export class TypedError extends Error {}

function isScalar(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && v !== undefined);
}

/** The path element of list item `i` (throws TypedError for a keyed item missing a key). */
export function itemElement(lk: ListKind, item: unknown, i: number, path: Path): PathElement {
  if (lk.kind === 'set') return value(item);
  if (lk.kind === 'atomic') return index(i);
  const where = `${pathString(path)}: element ${i}`;
  if (!isObject(item)) throw new TypedError(`${where}: associative list with keys has an element that is not a map`);
  const fields: Array<[string, unknown]> = [];
  for (const k of lk.keys) {
    const v = hasOwn(item, k) && item[k] !== null ? item[k] : lk.defaults[k];
    if (v === undefined) {
      throw new TypedError(`${where}: associative list with keys has an element that omits key field "${k}" (and doesn't have default value)`);
    }
    if (!isScalar(v)) throw new TypedError(`${where}: associative list key field "${k}" must be a scalar`);
    fields.push([k, v]);
  }
  return key(fields);
}

/** Items of an associative list by identity (first occurrence wins), in list order. */
function indexItems(lk: ListKind, list: unknown[], path: Path): Map<string, { pe: PathElement; item: unknown }> {
  const out = new Map<string, { pe: PathElement; item: unknown }>();
  list.forEach((item, i) => {
    const pe = itemElement(lk, item, i, path);
    const id = JSON.stringify(pe);
    if (!out.has(id)) out.set(id, { pe, item });
  });
  return out;
}

/** The set of fields an applied configuration sets. */
export function toFieldSet(v: unknown, meta: PatchMeta): FieldSet {
  const set = new FieldSet();
  const visit = (x: unknown, path: Path, dot: string): void => {
    if (Array.isArray(x)) {
      const lk = listKind(meta, dot);
      if (lk.kind === 'atomic') return set.insert(path);
      x.forEach((item, i) => {
        const p = [...path, itemElement(lk, item, i, path)];
        if (isObject(item)) visitFields(item, p, dot);
        set.insert(p);
      });
    } else if (isObject(x)) visitFields(x, path, dot);
    else set.insert(path);
  };
  const visitFields = (o: JsonObject, path: Path, dot: string): void => {
    for (const [k, x] of Object.entries(o)) visit(x, [...path, field(k)], childPath(dot, k));
  };
  if (isObject(v)) visitFields(v, [], '');
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compare two objects: which paths `rhs` added, changed or removed relative to `lhs`. */
export function compare(lhs: unknown, rhs: unknown, meta: PatchMeta): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const leaf = (l: unknown, r: unknown, path: Path): void => {
    if (path.length === 0) return;
    if (l === undefined) c.added.insert(path);
    else if (r === undefined) c.removed.insert(path);
    else if (!jsonEqual(l, r)) c.modified.insert(path);
  };
  const post = (l: unknown, r: unknown, path: Path): void => {
    if (path.length === 0) return;
    if (l === undefined) c.added.insert(path);
    else if (r === undefined) c.removed.insert(path);
  };
  const walk = (l: unknown, r: unknown, path: Path, dot: string): void => {
    const lArr = Array.isArray(l);
    const rArr = Array.isArray(r);
    const lObj = isObject(l);
    const rObj = isObject(r);
    if ((l !== undefined && r !== undefined && (lArr !== rArr || lObj !== rObj)) || (!lArr && !rArr && !lObj && !rObj)) {
      return leaf(l, r, path);
    }
    if (lArr || rArr) {
      const lk = listKind(meta, dot);
      const ll = (l as unknown[] | undefined) ?? [];
      const rl = (r as unknown[] | undefined) ?? [];
      if (lk.kind === 'atomic' || (ll.length === 0 && rl.length === 0)) return leaf(l, r, path);
      const li = indexItems(lk, ll, path);
      const ri = indexItems(lk, rl, path);
      for (const id of new Set([...li.keys(), ...ri.keys()])) {
        const pe = (li.get(id) ?? ri.get(id))!.pe;
        walk(li.get(id)?.item, ri.get(id)?.item, [...path, pe], dot);
      }
      return post(l, r, path);
    }
    const lm = (l as JsonObject | undefined) ?? {};
    const rm = (r as JsonObject | undefined) ?? {};
    if (Object.keys(lm).length === 0 && Object.keys(rm).length === 0) return leaf(l, r, path);
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      walk(hasOwn(lm, k) ? lm[k] : undefined, hasOwn(rm, k) ? rm[k] : undefined, [...path, field(k)], childPath(dot, k));
    }
    post(l, r, path);
  };
  walk(lhs, rhs, [], '');
  return c;
}

/**
 * Merge an applied configuration into the live object: objects merge field by field,
 * associative lists merge item by item (keeping live-only items in place), everything else is
 * replaced by the configuration's value.
 */
export function merge(lhs: unknown, rhs: unknown, meta: PatchMeta, path: Path = [], dot = ''): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return structuredClone(rhs);
  if (isObject(lhs) && isObject(rhs)) {
    const out: JsonObject = { ...lhs };
    for (const [k, v] of Object.entries(rhs)) {
      setOwn(out, k, merge(hasOwn(lhs, k) ? lhs[k] : undefined, v, meta, [...path, field(k)], childPath(dot, k)));
    }
    return out;
  }
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    const lk = listKind(meta, dot);
    if (lk.kind === 'atomic') return structuredClone(rhs);
    return mergeList(lhs, rhs, lk, meta, path, dot);
  }
  return structuredClone(rhs);
}

/** structured-merge-diff's list merge order: shared items follow the config, live-only items stay put. */
function mergeList(lhs: unknown[], rhs: unknown[], lk: ListKind, meta: PatchMeta, path: Path, dot: string): unknown[] {
  const lItems = [...indexItems(lk, lhs, path).entries()];
  const rItems = [...indexItems(lk, rhs, path).entries()];
  const lMap = new Map(lItems);
  const rMap = new Map(rItems);
  const shared = rItems.filter(([id]) => lMap.has(id)).map(([id]) => id);
  let next = shared.shift();
  const out: unknown[] = [];
  const take = (id: string): void => {
    const l = lMap.get(id);
    const r = rMap.get(id);
    const pe = (r ?? l)!.pe;
    out.push(merge(l?.item, r?.item, meta, [...path, pe], dot));
  };
  let li = 0;
  let ri = 0;
  while (li < lItems.length || ri < rItems.length) {
    const before = li + ri;
    if (li < lItems.length && ri < rItems.length) {
      const lid = lItems[li]![0];
      if (lid === rItems[ri]![0]) {
        take(lid);
        li++;
        ri++;
        next = shared.shift();
        continue;
      }
      if (rMap.has(lid) && next !== undefined && next !== lid) {
        li++;
        continue;
      }
    }
    if (li < lItems.length && !rMap.has(lItems[li]![0])) {
      take(lItems[li]![0]);
      li++;
      continue;
    }
    if (ri < rItems.length) {
      const rid = rItems[ri]![0];
      take(rid);
      ri++;
      if (next === rid) next = shared.shift();
    }
    if (li + ri === before) li++; // cannot happen for well-formed input; never loop forever
  }
  return out;
}

/** Remove every path of `set` (and what is below it) from a value. */
export function removePaths(v: unknown, set: FieldSet, meta: PatchMeta, path: Path = [], dot = ''): unknown {
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const pe = field(k);
      if (set.has([pe])) continue;
      const sub = set.child(pe);
      setOwn(out, k, sub ? removePaths(x, sub, meta, [...path, pe], childPath(dot, k)) : x);
    }
    return out;
  }
  if (Array.isArray(v)) {
    const lk = listKind(meta, dot);
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const pe = itemElement(lk, item, i, path);
      if (set.has([pe])) return;
      const sub = set.child(pe);
      out.push(sub ? removePaths(item, sub, meta, [...path, pe], dot) : item);
    });
    return out;
  }
  return v;
}

/**
 * The paths prune removes: what the applier owned last time (or any parent of it) that no
 * manager, the applier's new configuration included, owns any more.
 */
export function pathsToPrune(merged: unknown, lastSet: FieldSet, owned: FieldSet, meta: PatchMeta): FieldSet {
  const out = new FieldSet();
  const visit = (x: unknown, path: Path, dot: string): void => {
    if (path.length > 0) {
      if (!lastSet.hasPrefix(path)) return;
      if (!owned.hasPrefix(path)) return out.insert(path);
    }
    if (isObject(x)) {
      for (const [k, c] of Object.entries(x)) visit(c, [...path, field(k)], childPath(dot, k));
    } else if (Array.isArray(x)) {
      const lk = listKind(meta, dot);
      if (lk.kind === 'atomic') return;
      x.forEach((item, i) => visit(item, [...path, itemElement(lk, item, i, path)], dot));
    }
  };
  visit(merged, [], '');
  return out;
}

/** A FieldSet of dot paths (`status`, `spec.nodeName`) for ignored / reset fields. */
export function fieldSetOfDotPaths(paths: readonly string[]): FieldSet {
  return FieldSet.of(...paths.map((p) => p.split('.').map((n) => field(n))));
}
