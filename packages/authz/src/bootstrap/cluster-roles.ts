/**
 * The bootstrap ClusterRoles kube-apiserver creates at first start (k8s.io/kubernetes
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), field for field and rule for rule
 * as its testdata/cluster-roles.yaml prints them. Only the user-facing roles are here, not the
 * roles of kube's own components (nodes, controllers, scheduler, kube-proxy...).
 *
 * `admin`, `edit` and `view` carry no rules of their own (`rules: null`): the aggregation
 * controller fills them from the roles their `aggregationRule` selects. The chain is
 * view -> edit -> admin: `view` is labelled aggregate-to-edit and `edit` aggregate-to-admin.
 */
import type { ClusterRole, PolicyRule } from '../rbac-types.js';
import {
  aggregateToAdminLabel,
  aggregateToEditLabel,
  aggregateToViewLabel,
  bootstrapMeta,
  rbacApiVersion,
  read,
  readWrite,
  resourceRule,
  urlRule,
  write,
} from './metadata.js';

function clusterRole(name: string, rules: PolicyRule[], labels: Record<string, string> = {}): ClusterRole {
  return { apiVersion: rbacApiVersion, kind: 'ClusterRole', metadata: bootstrapMeta(name, labels), rules };
}

/** An aggregated role: no rules, and a selector on `rbac.authorization.k8s.io/aggregate-to-<x>: "true"`. */
function aggregatedRole(name: string, selectLabel: string, labels: Record<string, string> = {}): ClusterRole {
  return {
    apiVersion: rbacApiVersion,
    kind: 'ClusterRole',
    metadata: bootstrapMeta(name, labels),
    rules: null,
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selectLabel]: 'true' } }] },
  };
}

function aggregateToAdminRules(): PolicyRule[] {
  return [
    resourceRule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
    resourceRule(readWrite, ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
  ];
}

function aggregateToEditRules(): PolicyRule[] {
  return [
    resourceRule(read, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
    resourceRule(['impersonate'], [''], ['serviceaccounts']),
    resourceRule(write, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
    resourceRule(['create'], [''], ['pods/eviction']),
    resourceRule(write, [''], [
      'configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale',
      'secrets', 'serviceaccounts', 'services', 'services/proxy',
    ]),
    resourceRule(['create'], [''], ['serviceaccounts/token']),
    resourceRule(write, ['apps'], [
      'daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale',
      'statefulsets', 'statefulsets/scale',
    ]),
    resourceRule(write, ['autoscaling'], ['horizontalpodautoscalers']),
    resourceRule(write, ['batch'], ['cronjobs', 'jobs']),
    resourceRule(write, ['extensions'], [
      'daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'ingresses', 'networkpolicies',
      'replicasets', 'replicasets/scale', 'replicationcontrollers/scale',
    ]),
    resourceRule(write, ['policy'], ['poddisruptionbudgets']),
    resourceRule(write, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
    resourceRule(readWrite, ['coordination.k8s.io'], ['leases']),
  ];
}

function aggregateToViewRules(): PolicyRule[] {
  return [
    resourceRule(read, [''], [
      'configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods',
      'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status',
    ]),
    resourceRule(read, [''], [
      'bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status',
      'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status',
    ]),
    resourceRule(read, [''], ['namespaces']),
    resourceRule(read, ['discovery.k8s.io'], ['endpointslices']),
    resourceRule(read, ['apps'], [
      'controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status',
      'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status',
    ]),
    resourceRule(read, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
    resourceRule(read, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
    resourceRule(read, ['extensions'], [
      'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'ingresses',
      'ingresses/status', 'networkpolicies', 'replicasets', 'replicasets/scale', 'replicasets/status',
      'replicationcontrollers/scale',
    ]),
    resourceRule(read, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
    resourceRule(read, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
  ];
}

/**
 * The bootstrap ClusterRoles, sorted by name as kube's testdata lists them. Every call returns
 * fresh objects, so callers may mutate them (e.g. to store them).
 */
export function bootstrapClusterRoles(): ClusterRole[] {
  return [
    aggregatedRole('admin', aggregateToAdminLabel),
    clusterRole('cluster-admin', [resourceRule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
    aggregatedRole('edit', aggregateToEditLabel, { [aggregateToAdminLabel]: 'true' }),
    clusterRole('system:aggregate-to-admin', aggregateToAdminRules(), { [aggregateToAdminLabel]: 'true' }),
    clusterRole('system:aggregate-to-edit', aggregateToEditRules(), { [aggregateToEditLabel]: 'true' }),
    clusterRole('system:aggregate-to-view', aggregateToViewRules(), { [aggregateToViewLabel]: 'true' }),
    clusterRole('system:auth-delegator', [
      resourceRule(['create'], ['authentication.k8s.io'], ['tokenreviews']),
      resourceRule(['create'], ['authorization.k8s.io'], ['subjectaccessreviews']),
    ]),
    clusterRole('system:basic-user', [
      resourceRule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
      resourceRule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
    ]),
    clusterRole('system:discovery', [
      urlRule(['get'], [
        '/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/',
      ]),
    ]),
    clusterRole('system:public-info-viewer', [urlRule(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])]),
    aggregatedRole('view', aggregateToViewLabel, { [aggregateToEditLabel]: 'true' }),
  ];
}
