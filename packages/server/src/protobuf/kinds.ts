/**
 * Which apiVersion/kind pairs we can decode from protobuf, and the descriptor table for each.
 * DeleteOptions is registered in every group version (client-go's typed clients send it with
 * their own group's apiVersion), so it is found for any apiVersion.
 *
 * @example
 * protobufMessageFor('v1', 'ConfigMap'); // the ConfigMap table
 * protobufMessageFor('apps/v1', 'Deployment'); // undefined
 */
import { SelfSubjectAccessReview, SelfSubjectReview, SelfSubjectRulesReview, SubjectAccessReview, TokenRequest, TokenReview } from './auth-v1.js';
import { Lease } from './coordination-v1.js';
import { ConfigMap, Event, Namespace, ResourceQuota, Secret, ServiceAccount } from './core-v1.js';
import { DeleteOptions } from './meta-v1.js';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac-v1.js';
import type { MessageSpec } from './schema.js';

const tables: ReadonlyMap<string, MessageSpec> = new Map([
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Namespace', Namespace],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/Event', Event],
  ['v1/ResourceQuota', ResourceQuota],
  ['coordination.k8s.io/v1/Lease', Lease],
  ['authentication.k8s.io/v1/TokenRequest', TokenRequest],
  ['authentication.k8s.io/v1/TokenReview', TokenReview],
  ['authentication.k8s.io/v1/SelfSubjectReview', SelfSubjectReview],
  ['authorization.k8s.io/v1/SelfSubjectAccessReview', SelfSubjectAccessReview],
  ['authorization.k8s.io/v1/SelfSubjectRulesReview', SelfSubjectRulesReview],
  ['authorization.k8s.io/v1/SubjectAccessReview', SubjectAccessReview],
  ['authorization.k8s.io/v1/LocalSubjectAccessReview', SubjectAccessReview],
  ['rbac.authorization.k8s.io/v1/Role', Role],
  ['rbac.authorization.k8s.io/v1/ClusterRole', ClusterRole],
  ['rbac.authorization.k8s.io/v1/RoleBinding', RoleBinding],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', ClusterRoleBinding],
]);

export interface ProtobufKind {
  apiVersion: string;
  kind: string;
}

/** Every apiVersion/kind with a table (DeleteOptions listed once, as meta.k8s.io/v1). */
export const protobufKinds: readonly ProtobufKind[] = [
  ...[...tables.keys()].map((key) => {
    const slash = key.lastIndexOf('/');
    return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
  }),
  { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' },
];

export function protobufMessageFor(apiVersion: string, kind: string): MessageSpec | undefined {
  if (kind === 'DeleteOptions') return DeleteOptions;
  return tables.get(`${apiVersion}/${kind}`);
}
