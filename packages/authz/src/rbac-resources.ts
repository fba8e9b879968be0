/**
 * The rbac.authorization.k8s.io/v1 resources — roles, clusterroles, rolebindings,
 * clusterrolebindings — as ResourceDefinitions a server can serve: strict zod schemas (unknown
 * fields are reported; every field may be omitted or null, as Go decodes it, and validation
 * then answers with kube's messages), kube's v1 defaults (roleRef.apiGroup and User/Group
 * subjects' apiGroup become rbac.authorization.k8s.io), validation, and printer columns. As in
 * kube's discovery: no short names, no categories, all verbs.
 *
 * Escalation prevention (a user may only create roles and bindings granting what they hold, or
 * with the `escalate` / `bind` verbs) needs the requesting user and is not part of these
 * definitions; see `confirmNoEscalation`.
 *
 * @example
 * createApiServer({ resources: [...builtinResources, ...rbacResources] });
 */
import { z } from 'zod';
import { type ApiObject, defineResource, kindSchema, opt, isRecord } from '@apiserver-kit/core';
import { bindingColumns, roleColumns } from './rbac-printers.js';
import { rbacGroup } from './rbac-types.js';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateClusterRoleUpdate,
  validateRbacName,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateRoleUpdate,
} from './rbac-validation.js';


const strings = opt(z.array(z.string()));



export const policyRuleSchema = z.strictObject({
  verbs: strings,
  apiGroups: strings,
  resources: strings,
  resourceNames: strings,
  nonResourceURLs: strings,
});

export const subjectSchema = z.strictObject({
  kind: opt(z.string()),
  apiGroup: opt(z.string()),
  name: opt(z.string()),
  namespace: opt(z.string()),
});

export const roleRefSchema = z.strictObject({ apiGroup: opt(z.string()), kind: opt(z.string()), name: opt(z.string()) });

const labelSelectorSchema = z.strictObject({
  matchLabels: opt(z.record(z.string(), z.string())),
  matchExpressions: opt(
    z.array(z.strictObject({ key: opt(z.string()), operator: opt(z.string()), values: strings })),
  ),
});

export const aggregationRuleSchema = z.strictObject({ clusterRoleSelectors: opt(z.array(labelSelectorSchema)) });

export const roleSchema = kindSchema({ rules: opt(z.array(policyRuleSchema)) });
export const clusterRoleSchema = kindSchema({ rules: opt(z.array(policyRuleSchema)), aggregationRule: opt(aggregationRuleSchema) });
export const roleBindingSchema = kindSchema({ subjects: opt(z.array(subjectSchema)), roleRef: opt(roleRefSchema) });
export const clusterRoleBindingSchema = roleBindingSchema;

/** kube's rbac/v1 defaulting of a RoleBinding or ClusterRoleBinding. */
export function defaultBinding(obj: ApiObject): void {
  if (!isRecord(obj.roleRef)) obj.roleRef = {};
  const ref = obj.roleRef as Record<string, unknown>;
  if (!ref.apiGroup) ref.apiGroup = rbacGroup;
  if (!Array.isArray(obj.subjects)) return;
  for (const s of obj.subjects as unknown[]) {
    if (!isRecord(s) || s.apiGroup) continue;
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup;
  }
}

export const roles = defineResource({
  group: rbacGroup,
  versions: ['v1'],
  kind: 'Role',
  plural: 'roles',
  namespaced: true,
  schema: roleSchema,
  printerColumns: roleColumns,
  strategy: { validate: validateRole, validateUpdate: validateRoleUpdate, validateName: validateRbacName },
});

export const clusterRoles = defineResource({
  group: rbacGroup,
  versions: ['v1'],
  kind: 'ClusterRole',
  plural: 'clusterroles',
  namespaced: false,
  schema: clusterRoleSchema,
  printerColumns: roleColumns,
  strategy: { validate: validateClusterRole, validateUpdate: validateClusterRoleUpdate, validateName: validateRbacName },
});

export const roleBindings = defineResource({
  group: rbacGroup,
  versions: ['v1'],
  kind: 'RoleBinding',
  plural: 'rolebindings',
  namespaced: true,
  schema: roleBindingSchema,
  printerColumns: bindingColumns('roleBinding'),
  strategy: {
    defaults: defaultBinding,
    validate: validateRoleBinding,
    validateUpdate: validateRoleBindingUpdate,
    validateName: validateRbacName,
  },
});

export const clusterRoleBindings = defineResource({
  group: rbacGroup,
  versions: ['v1'],
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  namespaced: false,
  schema: clusterRoleBindingSchema,
  printerColumns: bindingColumns('clusterRoleBinding'),
  strategy: {
    defaults: defaultBinding,
    validate: validateClusterRoleBinding,
    validateUpdate: validateClusterRoleBindingUpdate,
    validateName: validateRbacName,
  },
});

/** The four RBAC resources, in kube's discovery order. */
export const rbacResources = [clusterRoleBindings, clusterRoles, roleBindings, roles];
