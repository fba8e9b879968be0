/**
 * Descriptor tables for rbac.authorization.k8s.io/v1, which `kubectl create role / rolebinding
 * / clusterrole / clusterrolebinding` send as protobuf. Field numbers are from rbac/v1
 * generated.proto; tables.test.ts checks them against kubectl's embedded descriptors.
 *
 * @example
 * decodeMessage(bytes, ClusterRoleBinding, 'ClusterRoleBinding');
 */
import { ObjectMeta, SelectorRequirement } from './meta-v1.js';
import { field, list, map, message, nested, strings } from './schema.js';

const metadata = nested(1, 'metadata', ObjectMeta, { always: true });

const PolicyRule = message('PolicyRule', [
  strings(1, 'verbs'),
  strings(2, 'apiGroups'),
  strings(3, 'resources'),
  strings(4, 'resourceNames'),
  strings(5, 'nonResourceURLs'),
]);

const Subject = message('Subject', [
  field(1, 'kind', 'string', { always: true }),
  field(2, 'apiGroup', 'string'),
  field(3, 'name', 'string', { always: true }),
  field(4, 'namespace', 'string'),
]);

const RoleRef = message('RoleRef', [
  field(1, 'apiGroup', 'string', { always: true }),
  field(2, 'kind', 'string', { always: true }),
  field(3, 'name', 'string', { always: true }),
]);

const LabelSelector = message('LabelSelector', [map(1, 'matchLabels', 'string'), list(2, 'matchExpressions', SelectorRequirement)]);

const AggregationRule = message('AggregationRule', [list(1, 'clusterRoleSelectors', LabelSelector)]);

export const Role = message('Role', [metadata, list(2, 'rules', PolicyRule)]);
export const ClusterRole = message('ClusterRole', [metadata, list(2, 'rules', PolicyRule), nested(3, 'aggregationRule', AggregationRule)]);
export const RoleBinding = message('RoleBinding', [metadata, list(2, 'subjects', Subject), nested(3, 'roleRef', RoleRef, { always: true })]);
export const ClusterRoleBinding = message('ClusterRoleBinding', [
  metadata,
  list(2, 'subjects', Subject),
  nested(3, 'roleRef', RoleRef, { always: true }),
]);
