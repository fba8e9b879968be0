/**
 * The bootstrap ClusterRoleBindings that give the bootstrap ClusterRoles to the well-known
 * groups, as kube's bootstrappolicy testdata/cluster-role-bindings.yaml prints them.
 */
import { Groups } from '@apiserver-kit/core';
import { type ClusterRoleBinding, rbacGroup } from '../rbac-types.js';
import { bootstrapMeta, rbacApiVersion } from './metadata.js';

function bindingToGroups(name: string, groups: readonly string[]): ClusterRoleBinding {
  return {
    apiVersion: rbacApiVersion,
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMeta(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name },
    subjects: groups.map((group) => ({ apiGroup: rbacGroup, kind: 'Group', name: group })),
  };
}

/**
 * The bootstrap ClusterRoleBindings, sorted by name: cluster-admin to system:masters,
 * system:basic-user and system:discovery to system:authenticated, system:public-info-viewer to
 * system:authenticated and system:unauthenticated. Fresh objects on every call.
 */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  return [
    bindingToGroups('cluster-admin', [Groups.systemPrivileged]),
    bindingToGroups('system:basic-user', [Groups.allAuthenticated]),
    bindingToGroups('system:discovery', [Groups.allAuthenticated]),
    bindingToGroups('system:public-info-viewer', [Groups.allAuthenticated, Groups.allUnauthenticated]),
  ];
}
