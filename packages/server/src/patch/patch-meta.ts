/**
 * Patch metadata: which lists of a resource merge instead of being replaced. A list is named by
 * its dot path without indices (`spec.containers`, `spec.containers.ports`). Lists of objects
 * with a merge key merge item by item (strategic merge patch `patchMergeKey`, server-side apply
 * `x-kubernetes-list-type: map`); lists of primitives named in `setLists` merge as sets
 * (`patchStrategy: merge` / `x-kubernetes-list-type: set`). Every other list is atomic.
 * ObjectMeta's own metadata is built in: `metadata.ownerReferences` merges by `uid`,
 * `metadata.finalizers` is a set.
 *
 * @example
 * const meta = patchMeta({ 'spec.containers': 'name' });
 * listKind(meta, 'spec.containers');     // { kind: 'keyed', keys: ['name'] }
 * listKind(meta, 'metadata.finalizers'); // { kind: 'set' }
 */

/** Merge keys of ObjectMeta (k8s.io/apimachinery ObjectMeta struct tags). */
export const objectMetaMergeKeys: Readonly<Record<string, string>> = Object.freeze({
  'metadata.ownerReferences': 'uid',
});

/** Primitive lists of ObjectMeta with patchStrategy merge / listType set. */
export const objectMetaSetLists: readonly string[] = Object.freeze(['metadata.finalizers']);

export interface PatchMeta {
  /** Dot path of a list -> its merge key fields (server-side apply may use several). */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  /** Dot paths of primitive lists that merge as sets. */
  readonly sets: ReadonlySet<string>;
}

export type ListKind = { kind: 'keyed'; keys: readonly string[] } | { kind: 'set' } | { kind: 'atomic' };

/**
 * Build the patch metadata of a resource. A merge key may name several fields separated by
 * commas (`containerPort,protocol`); strategic merge patch uses the first one.
 */
export function patchMeta(mergeKeys: Record<string, string> = {}, setLists: readonly string[] = []): PatchMeta {
  const keys = new Map<string, string[]>();
  for (const [path, key] of Object.entries({ ...objectMetaMergeKeys, ...mergeKeys })) {
    const fields = key
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (fields.length > 0) keys.set(path, fields);
  }
  return { keys, sets: new Set([...objectMetaSetLists, ...setLists]) };
}

export function listKind(meta: PatchMeta, dotPath: string): ListKind {
  const keys = meta.keys.get(dotPath);
  if (keys) return { kind: 'keyed', keys };
  if (meta.sets.has(dotPath)) return { kind: 'set' };
  return { kind: 'atomic' };
}

/** The dot path of field `name` under `parent` ('' is the root). */
export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}
