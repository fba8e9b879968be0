/**
 * The RBAC API types (rbac.authorization.k8s.io/v1) as plain TypeScript, field for field with
 * kube's JSON. Schemas and resource definitions live in rbac-resources.ts.
 */
import type { ObjectMeta } from '@apiserver-kit/core';

export const rbacGroup = 'rbac.authorization.k8s.io';

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  /** User, Group or ServiceAccount. */
  kind: 'User' | 'Group' | 'ServiceAccount' | string;
  /** rbac.authorization.k8s.io for User and Group; "" for ServiceAccount. */
  apiGroup?: string;
  name: string;
  /** ServiceAccount only. */
  namespace?: string;
}

export interface RoleRef {
  apiGroup: string;
  /** Role or ClusterRole. */
  kind: 'Role' | 'ClusterRole' | string;
  name: string;
}

export interface AggregationRule {
  clusterRoleSelectors?: Array<{
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
  }>;
}

export interface Role {
  apiVersion?: string;
  kind?: 'Role';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
}

export interface ClusterRole {
  apiVersion?: string;
  kind?: 'ClusterRole';
  metadata: ObjectMeta;
  rules?: PolicyRule[] | null;
  aggregationRule?: AggregationRule | null;
}

export interface RoleBinding {
  apiVersion?: string;
  kind?: 'RoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

export interface ClusterRoleBinding {
  apiVersion?: string;
  kind?: 'ClusterRoleBinding';
  metadata: ObjectMeta;
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

/**
 * Where RBAC reads its objects. One implementation holds them in memory (unit tests, policy
 * kits); one reads the server's storage and stays current by watch.
 */
export interface RbacDataSource {
  getRole(namespace: string, name: string): Role | undefined;
  getClusterRole(name: string): ClusterRole | undefined;
  /** RoleBindings of one namespace that may name `subjectKeys` (see subjectKeysOf); an index, not a scan. */
  roleBindingsFor(namespace: string, subjectKeys: readonly string[]): Iterable<RoleBinding>;
  /** ClusterRoleBindings that may name `subjectKeys`. */
  clusterRoleBindingsFor(subjectKeys: readonly string[]): Iterable<ClusterRoleBinding>;
  listRoleBindings(namespace: string): Iterable<RoleBinding>;
  listClusterRoleBindings(): Iterable<ClusterRoleBinding>;
  listClusterRoles(): Iterable<ClusterRole>;
}
