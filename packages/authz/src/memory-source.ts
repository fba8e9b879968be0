/**
 * `MemoryRbacSource`: an RbacDataSource that holds Roles, ClusterRoles, RoleBindings and
 * ClusterRoleBindings in memory, with bindings indexed by subject key (`User:x`, `Group:x`,
 * `ServiceAccount:ns:name`) per namespace and cluster-wide, so a decision touches only the
 * bindings that can name the user. Bindings come back in the order they were first added.
 *
 * Objects are kept by reference: to change one, `add` it again (same namespace and name
 * replace the old one) rather than mutating it in place, or the index goes stale.
 *
 * @example
 * const source = new MemoryRbacSource();
 * source.load([viewRole, aliceBinding]);
 * source.remove(aliceBinding);
 * rbacAuthorizer(source);
 */
import type { ApiObject } from '@apiserver-kit/core';
import type { ClusterRole, ClusterRoleBinding, RbacDataSource, Role, RoleBinding } from './rbac-types.js';
import { rbacGroup } from './rbac-types.js';
import { subjectKey } from './subjects.js';

/** An RBAC object; `kind` says which. */
export type RbacObject =
  | (Role & { kind: 'Role' })
  | (ClusterRole & { kind: 'ClusterRole' })
  | (RoleBinding & { kind: 'RoleBinding' })
  | (ClusterRoleBinding & { kind: 'ClusterRoleBinding' });

const rbacKinds = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** Whether `obj` is an rbac.authorization.k8s.io object (an apiVersion, when present, must be of that group). */
export function isRbacObject(obj: unknown): obj is RbacObject {
  if (obj === null || typeof obj !== 'object') return false;
  const o = obj as Partial<ApiObject>;
  if (typeof o.kind !== 'string' || !rbacKinds.has(o.kind)) return false;
  if (o.apiVersion !== undefined && !String(o.apiVersion).startsWith(`${rbacGroup}/`)) return false;
  return typeof o.metadata === 'object' && o.metadata !== null;
}

interface Entry<B> {
  seq: number;
  binding: B;
  keys: string[];
}

/** Bindings of one scope (a namespace, or the cluster) by name and by subject key. */
class BindingIndex<B extends RoleBinding | ClusterRoleBinding> {
  private readonly byName = new Map<string, Entry<B>>();
  private readonly byKey = new Map<string, Set<Entry<B>>>();

  put(name: string, binding: B, namespace: string, seq: number): void {
    const old = this.byName.get(name);
    if (old) this.delete(name);
    const keys = new Set<string>();
    for (const s of binding.subjects ?? []) {
      const k = subjectKey(s, namespace);
      if (k !== undefined) keys.add(k);
    }
    const entry: Entry<B> = { seq: old?.seq ?? seq, binding, keys: [...keys] };
    this.byName.set(name, entry);
    for (const k of entry.keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(entry);
    }
  }

  delete(name: string): boolean {
    const entry = this.byName.get(name);
    if (!entry) return false;
    this.byName.delete(name);
    for (const k of entry.keys) {
      const set = this.byKey.get(k);
      set?.delete(entry);
      if (set?.size === 0) this.byKey.delete(k);
    }
    return true;
  }

  /** The bindings under any of `keys`, each once, in the order they were first added. */
  find(keys: readonly string[]): B[] {
    let seen: Set<Entry<B>> | undefined;
    let first: Set<Entry<B>> | undefined;
    for (const k of keys) {
      const set = this.byKey.get(k);
      if (!set) continue;
      if (!first) first = set;
      else {
        seen ??= new Set(first);
        for (const e of set) seen.add(e);
      }
    }
    const entries = seen ?? first;
    if (!entries) return [];
    const out = [...entries];
    if (out.length > 1) out.sort((a, b) => a.seq - b.seq);
    return out.map((e) => e.binding);
  }

  clear(): void {
    this.byName.clear();
    this.byKey.clear();
  }

  *list(): Iterable<B> {
    for (const e of this.byName.values()) yield e.binding;
  }
}

function nameOf(obj: { metadata: { name?: string } }): string {
  return obj.metadata.name ?? '';
}

function namespaceOf(obj: RbacObject): string {
  const ns = obj.metadata.namespace ?? '';
  if (!ns) throw new TypeError(`${obj.kind} ${JSON.stringify(nameOf(obj))} needs metadata.namespace`);
  return ns;
}

export class MemoryRbacSource implements RbacDataSource {
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly clusterRoles = new Map<string, ClusterRole>();
  private readonly roleBindings = new Map<string, BindingIndex<RoleBinding>>();
  private readonly clusterRoleBindings = new BindingIndex<ClusterRoleBinding>();
  private seq = 0;
  /** Bumped on every change, for caches keyed on the policy. */
  revision = 0;

  constructor(objects: Iterable<RbacObject> = []) {
    this.load(objects);
  }

  /** Add or replace one object (by kind, namespace and name). */
  add(obj: RbacObject): void {
    const name = nameOf(obj);
    switch (obj.kind) {
      case 'Role': {
        const ns = namespaceOf(obj);
        let m = this.roles.get(ns);
        if (!m) this.roles.set(ns, (m = new Map()));
        m.set(name, obj);
        break;
      }
      case 'ClusterRole':
        this.clusterRoles.set(name, obj);
        break;
      case 'RoleBinding': {
        const ns = namespaceOf(obj);
        let idx = this.roleBindings.get(ns);
        if (!idx) this.roleBindings.set(ns, (idx = new BindingIndex()));
        idx.put(name, obj, ns, this.seq++);
        break;
      }
      case 'ClusterRoleBinding':
        this.clusterRoleBindings.put(name, obj, '', this.seq++);
        break;
      default:
        throw new TypeError(`not an RBAC object: kind ${JSON.stringify((obj as { kind?: unknown }).kind)}`);
    }
    this.revision++;
  }

  /** Remove the object of that kind, namespace and name; false when there was none. */
  remove(obj: Pick<RbacObject, 'kind' | 'metadata'>): boolean {
    const name = nameOf(obj);
    const ns = obj.metadata.namespace ?? '';
    let removed = false;
    if (obj.kind === 'Role') removed = this.roles.get(ns)?.delete(name) ?? false;
    else if (obj.kind === 'ClusterRole') removed = this.clusterRoles.delete(name);
    else if (obj.kind === 'RoleBinding') removed = this.roleBindings.get(ns)?.delete(name) ?? false;
    else if (obj.kind === 'ClusterRoleBinding') removed = this.clusterRoleBindings.delete(name);
    if (removed) this.revision++;
    return removed;
  }

  /** Add every object; a `List` (kind List or any `*List` with items) adds its items. */
  load(objects: Iterable<RbacObject | { kind: string; items: unknown[] }>): void {
    for (const obj of objects) {
      if ('items' in obj && Array.isArray(obj.items) && obj.kind.endsWith('List')) this.load(obj.items as RbacObject[]);
      else this.add(obj as RbacObject);
    }
  }

  clear(): void {
    this.roles.clear();
    this.clusterRoles.clear();
    this.roleBindings.clear();
    this.clusterRoleBindings.clear();
    this.revision++;
  }

  getRole(namespace: string, name: string): Role | undefined {
    return this.roles.get(namespace)?.get(name);
  }

  getClusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.get(name);
  }

  roleBindingsFor(namespace: string, subjectKeys: readonly string[]): Iterable<RoleBinding> {
    return this.roleBindings.get(namespace)?.find(subjectKeys) ?? [];
  }

  clusterRoleBindingsFor(subjectKeys: readonly string[]): Iterable<ClusterRoleBinding> {
    return this.clusterRoleBindings.find(subjectKeys);
  }

  listRoles(namespace: string): Iterable<Role> {
    return this.roles.get(namespace)?.values() ?? [];
  }

  listRoleBindings(namespace: string): Iterable<RoleBinding> {
    return this.roleBindings.get(namespace)?.list() ?? [];
  }

  listClusterRoleBindings(): Iterable<ClusterRoleBinding> {
    return this.clusterRoleBindings.list();
  }

  listClusterRoles(): Iterable<ClusterRole> {
    return this.clusterRoles.values();
  }
}
