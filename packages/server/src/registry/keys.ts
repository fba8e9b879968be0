/**
 * Storage keys of a resource: `/registry/<group or core>/<plural>/<namespace>/<name>` for
 * namespaced resources and `/registry/<group or core>/<plural>/<name>` for cluster-scoped ones.
 */
import type { ResourceDefinition } from '@apiserver-kit/core';

export function resourcePrefix(def: ResourceDefinition): string {
  return `/registry/${def.group || 'core'}/${def.plural}/`;
}

/** The prefix a list or watch reads: all namespaces when `namespace` is empty. */
export function listPrefix(def: ResourceDefinition, namespace: string): string {
  const base = resourcePrefix(def);
  return def.namespaced && namespace ? `${base}${namespace}/` : base;
}

export function objectKey(def: ResourceDefinition, namespace: string, name: string): string {
  return def.namespaced ? `${resourcePrefix(def)}${namespace}/${name}` : `${resourcePrefix(def)}${name}`;
}
