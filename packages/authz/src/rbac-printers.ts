/**
 * Table columns of the RBAC resources as kube-apiserver serves them, so `kubectl get` prints
 * what it prints against a real cluster:
 *
 * - roles, clusterroles (kube's default table convertor): `NAME  CREATED AT`, the creation
 *   time in RFC 3339 (UTC, seconds).
 * - rolebindings, clusterrolebindings (pkg/printers): `NAME  ROLE  AGE`, where ROLE is
 *   `ClusterRole/view`; `-o wide` adds USERS, GROUPS and SERVICEACCOUNTS (`ns/name`), each
 *   joined with ", ".
 *
 * @example
 * roleColumns[0].value(role, new Date()); // "2024-05-01T10:00:00Z"
 * bindingColumns('roleBinding')[0].value(binding, new Date()); // "ClusterRole/view"
 */
import { type ApiObject, type PrinterColumn, humanDuration } from '@apiserver-kit/core';

export { humanDuration };
import type { RoleRef, Subject } from './rbac-types.js';

const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/** rbac/v1beta1 RoleBinding's and ClusterRoleBinding's roleRef docs, which kube's printers quote. */
const roleRefDescriptions = {
  roleBinding:
    'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
  clusterRoleBinding:
    'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
} as const;


function timestamp(obj: ApiObject): number | undefined {
  const ts = obj.metadata.creationTimestamp;
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** The default table convertor's Created At cell: RFC 3339 in UTC; Go's zero time when unset. */
export function createdAt(obj: ApiObject): string {
  const t = timestamp(obj);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The built-in printers' Age cell (translateTimestampSince). */
export function age(obj: ApiObject, now: Date): string {
  const t = timestamp(obj);
  return t === undefined ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** Columns of roles and clusterroles, after Name. */
export const roleColumns: PrinterColumn[] = [
  { name: 'Created At', type: 'date', description: creationTimestampDescription, value: createdAt },
];

function subjectsOf(obj: ApiObject): Subject[] {
  return Array.isArray(obj.subjects) ? (obj.subjects as Subject[]).filter((s) => s !== null && typeof s === 'object') : [];
}

/** kube's SubjectsStrings: users, groups and service accounts (`namespace/name`). */
export function subjectsStrings(subjects: readonly Subject[]): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const out = { users: [] as string[], groups: [] as string[], serviceAccounts: [] as string[] };
  for (const s of subjects) {
    if (s.kind === 'ServiceAccount') out.serviceAccounts.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
    else if (s.kind === 'User') out.users.push(s.name ?? '');
    else if (s.kind === 'Group') out.groups.push(s.name ?? '');
  }
  return out;
}

/** Columns of rolebindings (`roleBinding`) and clusterrolebindings (`clusterRoleBinding`), after Name. */
export function bindingColumns(which: keyof typeof roleRefDescriptions): PrinterColumn[] {
  const noun = which;
  return [
    {
      name: 'Role',
      type: 'string',
      description: roleRefDescriptions[which],
      value: (o) => {
        const ref = (o.roleRef ?? {}) as Partial<RoleRef>;
        return `${ref.kind ?? ''}/${ref.name ?? ''}`;
      },
    },
    { name: 'Age', type: 'string', description: creationTimestampDescription, value: age },
    {
      name: 'Users',
      type: 'string',
      priority: 1,
      description: `Users in the ${noun}`,
      value: (o) => subjectsStrings(subjectsOf(o)).users.join(', '),
    },
    {
      name: 'Groups',
      type: 'string',
      priority: 1,
      description: `Groups in the ${noun}`,
      value: (o) => subjectsStrings(subjectsOf(o)).groups.join(', '),
    },
    {
      name: 'ServiceAccounts',
      type: 'string',
      priority: 1,
      description: `ServiceAccounts in the ${noun}`,
      value: (o) => subjectsStrings(subjectsOf(o)).serviceAccounts.join(', '),
    },
  ];
}
