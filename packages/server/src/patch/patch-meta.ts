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
 * listKind(meta, 'spec.containers');     // { kind: 'keyed', keys: ['name'], defaults: {} }
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
  /** Dot path of a list -> defaults of key fields items may omit (`protocol=TCP`). */
  readonly keyDefaults: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Dot paths of primitive lists that merge as sets. */
  readonly sets: ReadonlySet<string>;
}

export type ListKind =
  | { kind: 'keyed'; keys: readonly string[]; defaults: Readonly<Record<string, string>> }
  | { kind: 'set' }
  | { kind: 'atomic' };

/**
 * Build the patch metadata of a resource. A merge key may name several fields separated by
 * commas, and a field may carry the default server-side apply assumes when an item omits it:
 * `containerPort,protocol=TCP`. Strategic merge patch uses the first field only.
 */
export function patchMeta(mergeKeys: Record<string, string> = {}, setLists: readonly string[] = []): PatchMeta {
  const keys = new Map<string, string[]>();
  const keyDefaults = new Map<string, Record<string, string>>();
  for (const [path, spec] of Object.entries({ ...objectMetaMergeKeys, ...mergeKeys })) {
    const fields: string[] = [];
    const defaults: Record<string, string> = {};
    for (const part of spec.split(',').map((s) => s.trim())) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const name = eq < 0 ? part : part.slice(0, eq);
      fields.push(name);
      if (eq >= 0) defaults[name] = part.slice(eq + 1);
    }
    if (fields.length === 0) continue;
    keys.set(path, fields);
    keyDefaults.set(path, defaults);
  }
  return { keys, keyDefaults, sets: new Set([...objectMetaSetLists, ...setLists]) };
}

export function listKind(meta: PatchMeta, dotPath: string): ListKind {
  const keys = meta.keys.get(dotPath);
  if (keys) return { kind: 'keyed', keys, defaults: meta.keyDefaults.get(dotPath) ?? {} };
  if (meta.sets.has(dotPath)) return { kind: 'set' };
  return { kind: 'atomic' };
}

/** The dot path of field `name` under `parent` ('' is the root). */
export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}
