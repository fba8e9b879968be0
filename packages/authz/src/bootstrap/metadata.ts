/**
 * The labels, annotation and rule builders shared by the bootstrap ClusterRoles and
 * ClusterRoleBindings (kube's bootstrappolicy addDefaultMetadata).
 */
import type { ObjectMeta } from '@apiserver-kit/core';
import { type PolicyRule, rbacGroup } from '../rbac-types.js';

/** The label every bootstrap object carries. */
export const bootstrappingLabel = 'kubernetes.io/bootstrapping';
export const bootstrappingValue = 'rbac-defaults';
/** kube-apiserver reconciles objects carrying `rbac.authorization.kubernetes.io/autoupdate: "true"` at start. */
export const autoUpdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';

/** The labels that feed the admin, edit and view ClusterRoles by aggregation. */
export const aggregateToAdminLabel = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const aggregateToEditLabel = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const aggregateToViewLabel = 'rbac.authorization.k8s.io/aggregate-to-view';

export const rbacApiVersion = `${rbacGroup}/v1`;

/** Bootstrap metadata: the name, the bootstrapping label plus `extraLabels`, the autoupdate annotation. */
export function bootstrapMeta(name: string, extraLabels: Record<string, string> = {}): ObjectMeta {
  return {
    name,
    labels: { [bootstrappingLabel]: bootstrappingValue, ...extraLabels },
    annotations: { [autoUpdateAnnotation]: 'true' },
  };
}

/** A resource rule; every array is a fresh copy. */
export function resourceRule(verbs: readonly string[], apiGroups: readonly string[], resources: readonly string[]): PolicyRule {
  return { verbs: [...verbs], apiGroups: [...apiGroups], resources: [...resources] };
}

/** A non-resource rule; every array is a fresh copy. */
export function urlRule(verbs: readonly string[], urls: readonly string[]): PolicyRule {
  return { verbs: [...verbs], nonResourceURLs: [...urls] };
}

/** kube's verb sets, in the sorted order its testdata prints them. */
export const read = ['get', 'list', 'watch'] as const;
export const write = ['create', 'delete', 'deletecollection', 'patch', 'update'] as const;
export const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
