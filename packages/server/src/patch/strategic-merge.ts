/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), as kube-apiserver applies it
 * for built-in kinds (k8s.io/apimachinery/pkg/util/strategicpatch, StrategicMergeMapPatch):
 * maps merge recursively and `null` deletes; a list is replaced unless its dot path has a merge
 * key (items merge by key) or is a primitive merge list (set union). Directives: `$patch:
 * replace|delete` in maps and list items, `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>`. ObjectMeta's patch metadata (ownerReferences by uid, finalizers as
 * a set) is built in. This is what kubectl apply (client-side), edit, label and annotate send.
 *
 * @example
 * applyStrategicMergePatch(pod, {
 *   metadata: { labels: { tier: null } },
 *   spec: { containers: [{ name: 'app', image: 'nginx:2' }] },
 * }, { 'spec.containers': 'name' });
 */
import { deepCopy, errors, type ApiObject } from '@apiserver-kit/core';
import { genericUnprocessable, goFormat, hasOwn, isObject, setOwn, unknownServerError, unmarshalTypeError, type JsonObject } from './go-compat.js';
import { childPath, listKind, patchMeta, type PatchMeta } from './patch-meta.js';
import {
  SmpError,
  deleteFromPrimitiveListPrefix,
  directiveMarker,
  errBadArgType,
  errBadPatchType,
  errBadPrimitiveList,
  errBadRetainKeys,
  errBadSetElementOrder,
  errNoMergeKey,
  extractToDeleteItems,
  mergeSlice,
  normalizeElementOrder,
  partitionByPresence,
  retainKeysDirective,
  setElementOrderPrefix,
  sliceElementType,
  type MergedSlice,
} from './strategic-lists.js';

function isDirectiveKey(k: string): boolean {
  return (
    k === directiveMarker ||
    k === retainKeysDirective ||
    k.startsWith(`${deleteFromPrimitiveListPrefix}/`) ||
    k.startsWith(`${setElementOrderPrefix}/`)
  );
}

const drop = Symbol('drop');

/**
 * A value taken from the patch as is (removeDirectives + discardNullValuesFromPatch): maps
 * carrying `$patch` vanish, null map values are discarded, and other directive keys are dropped
 * as decoding into the typed object drops them.
 */
function removeDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(removeDirectives).filter((x) => x !== drop);
  if (!isObject(v)) return v;
  if (hasOwn(v, directiveMarker)) return drop;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null || isDirectiveKey(k)) continue;
    const cleaned = removeDirectives(x);
    if (cleaned !== drop) setOwn(out, k, cleaned);
  }
  return out;
}

function clean(v: unknown): unknown {
  const out = removeDirectives(v);
  return out === drop ? undefined : out;
}

/** A list item appended as is. */
function cleanItem(v: unknown): unknown {
  return clean(v) ?? {};
}

/** The field a directive key applies to (`$setElementOrder/containers` -> `containers`). */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === deleteFromPrimitiveListPrefix ? errBadPrimitiveList() : errBadSetElementOrder();
  }
  return key.slice(slash + 1);
}

class Merger {
  constructor(private readonly meta: PatchMeta) {}

  private mergeKeyOf(dot: string): string {
    const lk = listKind(this.meta, dot);
    return lk.kind === 'keyed' ? lk.keys[0]! : '';
  }

  private isMergeList(dot: string): boolean {
    return listKind(this.meta, dot).kind !== 'atomic';
  }

  /** `$retainKeys`: drop original keys not listed; every patched key must be listed. */
  private applyRetainKeys(original: JsonObject, patch: JsonObject): void {
    if (!hasOwn(patch, retainKeysDirective)) return;
    const list = patch[retainKeysDirective];
    delete patch[retainKeysDirective];
    if (!Array.isArray(list)) throw errBadRetainKeys();
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
      if (!list.includes(k)) throw errBadRetainKeys();
    }
    for (const k of Object.keys(original)) if (!list.includes(k)) delete original[k];
  }

  /** `$setElementOrder/<field>`: merge that field's list now and order it as the directive says. */
  private applySetElementOrder(original: JsonObject, patch: JsonObject, dot: string): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(setElementOrderPrefix)) continue;
      const order = patch[key];
      delete patch[key];
      if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
      const field = extractKey(key, setElementOrderPrefix);
      const fieldDot = childPath(dot, field);
      const foundOriginal = hasOwn(original, field);
      const foundPatch = hasOwn(patch, field);
      const origList = foundOriginal ? original[field] : [];
      const patchList = foundPatch ? patch[field] : [];
      if (!Array.isArray(origList)) throw errBadArgType('[]interface {}', origList);
      if (!Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
      const mergeKey = this.mergeKeyOf(fieldDot);
      validatePatchWithSetOrderList(patchList, order, mergeKey);
      let merged: unknown[];
      let serverOrder = origList;
      if (foundOriginal && !foundPatch) merged = origList;
      else if (!foundOriginal && foundPatch) merged = this.cleanList(patchList);
      else if (foundOriginal && foundPatch) ({ merged, serverView: serverOrder } = this.mergeList(origList, patchList, fieldDot, false));
      else continue;
      const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
      const kind = sliceElementType(serverOrder, patchList);
      original[field] = normalizeElementOrder(patchItems, serverOnly, order, serverOrder, mergeKey, kind);
      delete patch[field];
    }
  }

  private cleanList(list: unknown[]): unknown[] {
    return clean(list) as unknown[];
  }

  private mergeList(original: unknown[], patch: unknown[], dot: string, isDeleteList: boolean): MergedSlice {
    if (!this.isMergeList(dot) && !isDeleteList) return { merged: this.cleanList(patch), serverView: original };
    return mergeSlice(original, patch, this.mergeKeyOf(dot), isDeleteList, dot, (o, p, d) => this.mergeMap(o, p, d), cleanItem);
  }

  mergeMap(original: JsonObject, patch: JsonObject, dot: string): JsonObject {
    if (hasOwn(patch, directiveMarker)) {
      const directive = patch[directiveMarker];
      if (directive === 'replace') {
        delete patch[directiveMarker];
        return clean(patch) as JsonObject;
      }
      if (directive === 'delete') return {};
      throw errBadPatchType(directive, patch);
    }
    this.applyRetainKeys(original, patch);
    this.applySetElementOrder(original, patch, dot);
    for (const [rawKey, patchV] of Object.entries(patch)) {
      let key = rawKey;
      let isDeleteList = false;
      if (rawKey.startsWith(deleteFromPrimitiveListPrefix)) {
        key = extractKey(rawKey, deleteFromPrimitiveListPrefix);
        isDeleteList = true;
      }
      if (patchV === null) {
        delete original[key];
        continue;
      }
      if (!hasOwn(original, key)) {
        const value = isDeleteList ? undefined : clean(patchV);
        if (value !== undefined) setOwn(original, key, value);
        continue;
      }
      const cur = original[key];
      const fieldDot = childPath(dot, key);
      if (isObject(cur) && isObject(patchV)) original[key] = this.mergeMap(cur, patchV, fieldDot);
      else if (Array.isArray(cur) && Array.isArray(patchV)) original[key] = this.mergeList(cur, patchV, fieldDot, isDeleteList).merged;
      else {
        const value = isDeleteList ? cur : clean(patchV);
        if (value === undefined) delete original[key];
        else original[key] = value;
      }
    }
    return original;
  }
}

/** The relative order of patch items must agree with `$setElementOrder` (deletions aside). */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : extractToDeleteItems(patchList)[0];
  const equal = (a: unknown, b: unknown): boolean => {
    if (mergeKey === '') return a === b;
    if (!isObject(a)) throw errBadArgType('map[string]interface {}', a);
    if (!isObject(b)) throw errBadArgType('map[string]interface {}', b);
    if (!hasOwn(a, mergeKey)) throw errNoMergeKey(a, mergeKey);
    if (!hasOwn(b, mergeKey)) throw errNoMergeKey(b, mergeKey);
    return a[mergeKey] === b[mergeKey];
  };
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isObject(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (equal(item, order[s])) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw new SmpError(
      'unknown',
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormat(order)}\n`,
    );
  }
}

function toStatusError(err: SmpError) {
  if (err.kind === 'badRequest') return errors.badRequest(err.message);
  if (err.kind === 'unprocessable') return genericUnprocessable();
  return unknownServerError(err.message);
}

/**
 * Apply a strategic merge patch body (already JSON-decoded) to `original`, returning a new
 * object. `mergeKeys` maps list dot paths to their merge key; `primitiveMergeLists` names
 * primitive lists with patchStrategy merge. Throws the StatusError kube-apiserver would answer.
 */
export function applyStrategicMergePatch(
  original: ApiObject,
  patch: unknown,
  mergeKeys: Record<string, string>,
  primitiveMergeLists: string[] = [],
): ApiObject {
  if (patch === null || patch === undefined) return deepCopy(original);
  if (!isObject(patch)) throw errors.badRequest(unmarshalTypeError(patch, 'map[string]interface {}'));
  const merger = new Merger(patchMeta(mergeKeys, primitiveMergeLists));
  try {
    return merger.mergeMap(deepCopy(original) as unknown as JsonObject, deepCopy(patch), '') as ApiObject;
  } catch (err) {
    if (err instanceof SmpError) throw toStatusError(err);
    throw err;
  }
}
