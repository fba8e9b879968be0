/**
 * An in-memory ObjectLookup for plugin tests: objects are filed under the resource their kind
 * maps to (`guessResource`, or a plural you name), per namespace.
 *
 * @example
 * const objects = new MemoryObjectLookup([
 *   { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
 * ]);
 * namespaceLifecycle(objects);
 */
import { type ApiObject, type GroupResource, deepCopy, formatGroupResource, parseApiVersion } from '@apiserver-kit/core';
import type { ObjectLookup } from '../registry.js';

/** kube's guess of a kind's resource name: `ConfigMap` -> `configmaps`, `Policy` -> `policies`, `Ingress` -> `ingresses`. */
export function guessResource(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower === '') return lower;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export class MemoryObjectLookup implements ObjectLookup {
  private readonly byResource = new Map<string, Map<string, ApiObject>>();

  /** `plurals` maps kinds whose plural `guessResource` gets wrong. */
  constructor(objects: ApiObject[] = [], private readonly plurals: Record<string, string> = {}) {
    for (const obj of objects) this.add(obj);
  }

  private resourceOf(obj: ApiObject): GroupResource {
    return { group: parseApiVersion(obj.apiVersion).group, resource: this.plurals[obj.kind] ?? guessResource(obj.kind) };
  }

  private bucket(gr: GroupResource): Map<string, ApiObject> {
    const key = formatGroupResource(gr);
    let b = this.byResource.get(key);
    if (!b) this.byResource.set(key, (b = new Map()));
    return b;
  }

  /** Add or replace an object. */
  add(obj: ApiObject): this {
    this.bucket(this.resourceOf(obj)).set(`${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`, deepCopy(obj));
    return this;
  }

  remove(obj: ApiObject): this {
    this.bucket(this.resourceOf(obj)).delete(`${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`);
    return this;
  }

  async get(gr: GroupResource, namespace: string, name: string): Promise<ApiObject | undefined> {
    const obj = this.bucket(gr).get(`${namespace}/${name}`);
    return obj ? deepCopy(obj) : undefined;
  }

  async list(gr: GroupResource, namespace: string): Promise<ApiObject[]> {
    return [...this.bucket(gr).values()].filter((o) => !namespace || o.metadata.namespace === namespace).map((o) => deepCopy(o));
  }

  async count(gr: GroupResource, namespace: string): Promise<number> {
    return (await this.list(gr, namespace)).length;
  }
}
