/**
 * kube-apiserver's bootstrap RBAC policy: the user-facing ClusterRoles (cluster-admin, admin,
 * edit, view and the system:aggregate-to-* roles that feed them, system:discovery,
 * system:public-info-viewer, system:basic-user, system:auth-delegator) and the
 * ClusterRoleBindings that hand them to system:masters, system:authenticated and
 * system:unauthenticated. Objects equal kube's bootstrappolicy testdata, rule for rule.
 *
 * @example
 * const { clusterRoles, clusterRoleBindings } = bootstrapPolicy();
 * for (const role of clusterRoles) await store.create(role);  // admin/edit/view have rules: null
 * // or, for an in-memory authorizer that has no aggregation controller running:
 * const ready = bootstrapPolicy({ aggregated: true });         // view/edit/admin filled in
 */
import { aggregateAll } from '../aggregation.js';
import type { ClusterRole, ClusterRoleBinding } from '../rbac-types.js';
import { bootstrapClusterRoleBindings } from './cluster-role-bindings.js';
import { bootstrapClusterRoles } from './cluster-roles.js';

export { bootstrapClusterRoles } from './cluster-roles.js';
export { bootstrapClusterRoleBindings } from './cluster-role-bindings.js';
export {
  aggregateToAdminLabel,
  aggregateToEditLabel,
  aggregateToViewLabel,
  autoUpdateAnnotation,
  bootstrappingLabel,
  bootstrappingValue,
} from './metadata.js';

export interface BootstrapPolicy {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: ClusterRoleBinding[];
}

export interface BootstrapPolicyOptions {
  /**
   * Fill the aggregated roles (admin, edit, view) as the aggregation controller would, for
   * callers that evaluate the policy without running the controller. Default false: the
   * objects exactly as kube-apiserver creates them.
   */
  aggregated?: boolean;
}

/** The bootstrap ClusterRoles and ClusterRoleBindings; fresh objects on every call. */
export function bootstrapPolicy(options: BootstrapPolicyOptions = {}): BootstrapPolicy {
  let clusterRoles = bootstrapClusterRoles();
  if (options.aggregated) {
    const filled = aggregateAll(clusterRoles);
    clusterRoles = clusterRoles.map((r) => {
      const rules = filled.get(r.metadata.name ?? '');
      return rules ? { ...r, rules } : r;
    });
  }
  return { clusterRoles, clusterRoleBindings: bootstrapClusterRoleBindings() };
}
