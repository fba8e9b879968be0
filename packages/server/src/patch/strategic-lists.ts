/**
 * List handling of strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch):
 * merging lists by merge key or as sets, `$patch: delete|replace` list elements, the
 * `$setElementOrder/<field>` ordering and the `$deleteFromPrimitiveList/<field>` deletions.
 * Internal to strategic-merge.ts, which owns the map side and the public entry point.
 */
import { goFormat, hasOwn, isObject, type JsonObject } from './go-compat.js';

/** A strategic merge patch failure, mapped to a Status by strategic-merge.ts. */
export class SmpError extends Error {
  constructor(
    readonly kind: 'badRequest' | 'unprocessable' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

export const directiveMarker = '$patch';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';
export const retainKeysDirective = '$retainKeys';

export const errBadPrimitiveList = (): SmpError => new SmpError('badRequest', 'invalid patch format of primitive list');
export const errBadRetainKeys = (): SmpError => new SmpError('badRequest', 'invalid patch format of retainKeys');
export const errBadSetElementOrder = (): SmpError =>
  new SmpError('badRequest', 'invalid patch format of setElementOrder list');
const errNoListOfLists = (): SmpError => new SmpError('unprocessable', 'lists of lists are not supported');

/** The Go type name reflect.TypeOf would print for a decoded JSON value. */
export function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v === 'string' ? 'string' : 'bool';
  return '%!s(<nil>)';
}

export const errBadArgType = (expected: string, actual: unknown): SmpError =>
  new SmpError('unknown', `expected a ${expected}, but received a ${goTypeName(actual)}`);
export const errNoMergeKey = (m: JsonObject, key: string): SmpError =>
  new SmpError('unknown', `map: ${goFormat(m)} does not contain declared merge key: ${key}`);
export const errBadPatchType = (t: unknown, m: JsonObject): SmpError =>
  new SmpError('unknown', `unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`);

/** The element kind of one or more lists: 'map', or a scalar type name. */
export function sliceElementType(...lists: unknown[][]): string {
  let prev: string | undefined;
  for (const list of lists) {
    for (const v of list) {
      const t = goTypeName(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw errNoListOfLists();
      } else if (prev !== t) {
        throw new SmpError('unknown', `list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  if (prev === undefined) throw new SmpError('unknown', 'no elements in any of the given slices');
  return prev === 'map[string]interface {}' ? 'map' : prev;
}

/** The value an item is identified by: its merge key for maps, itself for primitives. */
function identity(item: unknown, mergeKey: string, kind: string): unknown {
  if (kind !== 'map') return item;
  return isObject(item) ? item[mergeKey] : undefined;
}

/** First position of each identity in `list` (Go's `index` helper, precomputed). */
function positions(list: unknown[], mergeKey: string, kind: string): Map<unknown, number> {
  const out = new Map<unknown, number>();
  list.forEach((v, i) => {
    const id = identity(v, mergeKey, kind);
    if (!out.has(id)) out.set(id, i);
  });
  return out;
}

export function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType('map[string]interface {}', item);
      if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Split out `$patch: delete` items (which keep their place at the end). */
export function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    if (v[directiveMarker] === 'delete') del.push(v);
    else keep.push(v);
  }
  return [keep, del];
}

/** Sort `toSort` by the positions of its items in `order` (Go's stable insertion sort). */
function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: string): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, order);
    [items, toDelete] = extractToDeleteItems(items);
  }
  const at = positions(order, mergeKey, kind);
  const pos = (v: unknown): number => at.get(identity(v, mergeKey, kind)) ?? -1;
  const less = (a: unknown, b: unknown): boolean => {
    const ia = pos(a);
    if (ia >= 0) {
      const ib = pos(b);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
  return [...items, ...toDelete];
}

/** Interleave server-only items into the patch items, keeping both relative orders. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: string): unknown[] {
  const at = positions(serverOrder, mergeKey, kind);
  const pos = (v: unknown): number => at.get(identity(v, mergeKey, kind)) ?? -1;
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = pos(left[i]);
      const ri = pos(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: string,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Partition `list` into items present in `by` and the server-only rest. */
export function partitionByPresence(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    let found: boolean;
    if (mergeKey === '') found = by.includes(v);
    else {
      if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
      if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
      found = by.some((b, k) => {
        if (!isObject(b)) throw new SmpError('unknown', `value for key ${k} is not a map.`);
        return hasOwn(b, mergeKey) && b[mergeKey] === v[mergeKey];
      });
    }
    (found ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** Go's capacity of a decoded slice of `n` items (append growth: powers of two). */
function goCap(n: number): number {
  let c = n > 0 ? 1 : 0;
  while (c < n) c *= 2;
  return c;
}

/**
 * The original list as a Go slice. kube edits it in place (deletions shift items left, appends
 * fill spare capacity), and the `$setElementOrder` code later reads the caller's view of the
 * same array; `view()` reproduces that view so the resulting order matches kube's.
 */
class GoSlice {
  private readonly buf: unknown[];
  private len: number;
  private shared = true;
  private own: unknown[] = [];

  constructor(private readonly original: unknown[]) {
    this.buf = [...original];
    this.len = original.length;
  }

  items(): unknown[] {
    return this.shared ? this.buf.slice(0, this.len) : this.own;
  }

  deleteAt(k: number): void {
    if (!this.shared) {
      this.own.splice(k, 1);
      return;
    }
    for (let i = k; i < this.len - 1; i++) this.buf[i] = this.buf[i + 1];
    this.len--;
  }

  set(k: number, v: unknown): void {
    if (this.shared) this.buf[k] = v;
    else this.own[k] = v;
  }

  push(v: unknown): void {
    if (this.shared && this.len < goCap(this.original.length)) {
      this.buf[this.len++] = v;
      return;
    }
    if (this.shared) {
      this.own = this.buf.slice(0, this.len);
      this.shared = false;
    }
    this.own.push(v);
  }

  replaceWith(list: unknown[]): void {
    this.own = [...list];
    this.shared = false;
  }

  /** What the caller holding the original slice header sees now. */
  view(): unknown[] {
    return this.buf.slice(0, this.original.length);
  }
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let k = 0; k < list.length; k++) {
    const v = list[k];
    if (!isObject(v)) throw new SmpError('unknown', `value for key ${k} is not a map.`);
    if (hasOwn(v, mergeKey) && v[mergeKey] === value) return k;
  }
  return -1;
}

/** Handle `$patch` list elements on `original`; returns the plain patch elements. */
function mergeWithSpecialElements(original: GoSlice, patch: unknown[], mergeKey: string): unknown[] {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const m = v as JsonObject;
    if (!hasOwn(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = m[directiveMarker];
    if (directive === 'delete') {
      if (!hasOwn(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      for (let at = findByKey(original.items(), mergeKey, m[mergeKey]); at >= 0; ) {
        original.deleteAt(at);
        at = findByKey(original.items(), mergeKey, m[mergeKey]);
      }
    } else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new SmpError('unknown', 'merging lists cannot yet be specified in the patch');
    else throw errBadPatchType(directive, m);
  }
  if (!replace) return plain;
  original.replaceWith(plain);
  return [];
}

export type MergeMapFn = (original: JsonObject, patch: JsonObject, dotPath: string) => JsonObject;
export type CleanFn = (v: unknown) => unknown;

export interface MergedSlice {
  merged: unknown[];
  /** The caller's view of the original list afterwards (see GoSlice). */
  serverView: unknown[];
}

/** mergeSlice of strategicpatch: merge `patch` into `original` for a list with merge strategy. */
export function mergeSlice(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  isDeleteList: boolean,
  dotPath: string,
  mergeMap: MergeMapFn,
  clean: CleanFn,
): MergedSlice {
  if (original.length === 0 && patch.length === 0) return { merged: original, serverView: original };
  const kind = sliceElementType(original, patch);
  if (kind !== 'map') {
    if (isDeleteList) return { merged: original.filter((v) => !patch.includes(v)), serverView: original };
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) if (!merged.includes(v)) merged.push(v);
    const [patchItems, serverOnly] = partitionByPresence(merged, patch, '');
    return { merged: normalizeElementOrder(patchItems, serverOnly, patch, original, '', kind), serverView: original };
  }
  if (mergeKey === '') throw new SmpError('unknown', 'cannot merge lists without merge key for type struct');
  const slice = new GoSlice(original);
  const plainPatch = mergeWithSpecialElements(slice, patch, mergeKey);
  const orig = slice.items();
  for (const v of plainPatch) {
    const item = v as JsonObject;
    if (!hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    const current = slice.items();
    const at = findByKey(current, mergeKey, item[mergeKey]);
    if (at >= 0) slice.set(at, mergeMap(current[at] as JsonObject, item, dotPath));
    else slice.push(clean(item));
  }
  const merged = slice.items();
  const [patchItems, serverOnly] = partitionByPresence(merged, plainPatch, mergeKey);
  return { merged: normalizeElementOrder(patchItems, serverOnly, plainPatch, orig, mergeKey, kind), serverView: slice.view() };
}
