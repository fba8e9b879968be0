import { type ApiObject, type FieldError, errors, formatFieldError } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { bindingColumns, createdAt, humanDuration, roleColumns } from './rbac-printers.js';
import { clusterRoleBindings, clusterRoles, defaultBinding, rbacResources, roleBindings, roles } from './rbac-resources.js';

const rbac = 'rbac.authorization.k8s.io';
const v1 = `${rbac}/v1`;
const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

const role = (rules: unknown, meta: object = {}): ApiObject => ({
  apiVersion: v1,
  kind: 'Role',
  metadata: { name: 'r', namespace: 'dev', ...meta },
  rules,
});
const clusterRole = (fields: object, meta: object = {}): ApiObject => ({ apiVersion: v1, kind: 'ClusterRole', metadata: { name: 'c', ...meta }, ...fields });
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', fields: object): ApiObject => ({
  apiVersion: v1,
  kind,
  metadata: kind === 'RoleBinding' ? { name: 'b', namespace: 'dev', resourceVersion: '1' } : { name: 'b', resourceVersion: '1' },
  roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' },
  ...fields,
});

describe('role and clusterrole validation', () => {
  it('accepts valid rules', () => {
    expect(roles.strategy!.validate!(role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }]))).toEqual([]);
    expect(clusterRoles.strategy!.validate!(clusterRole({ rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/metrics/*'] }] }))).toEqual([]);
  });

  it('requires verbs, api groups and resources in resource rules', () => {
    expect(msgs(roles.strategy!.validate!(role([{}])))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('refuses non-resource URLs in Roles and mixed rules', () => {
    expect(msgs(roles.strategy!.validate!(role([{ verbs: ['get'], nonResourceURLs: ['/healthz'] }])))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to non-resource URLs',
    ]);
    expect(msgs(clusterRoles.strategy!.validate!(clusterRole({ rules: [{ verbs: ['get'], resources: ['pods'], nonResourceURLs: ['/x'] }] })))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/x"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });

  it('accepts any path-segment name but refuses slashes, percent signs and dots', () => {
    expect(roles.strategy!.validate!(role([], { name: 'system:controller:Foo_bar' }))).toEqual([]);
    expect(msgs(roles.strategy!.validate!(role([], { name: 'a/b' })))).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"]);
    expect(msgs(clusterRoles.strategy!.validate!(clusterRole({}, { name: '..' })))).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
  });

  it('validates aggregation rules', () => {
    expect(msgs(clusterRoles.strategy!.validate!(clusterRole({ aggregationRule: {} })))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
    const bad = clusterRole({
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'x/y/z': 'v' }, matchExpressions: [{ key: 'k', operator: 'In' }] }] },
    });
    const got = msgs(clusterRoles.strategy!.validate!(bad));
    expect(got[1]).toBe("aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    expect(got[0]).toMatch(/^aggregationRule\.clusterRoleSelectors\[0\]\.matchLabels: Invalid value: "x\/y\/z": a qualified name/);
    expect(got.at(-1)).toBe('aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.');
    expect(clusterRoles.strategy!.validate!(clusterRole({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } }))).toEqual([]);
  });

  it('skips the value check on update when the stored selector was already invalid, as kube does', () => {
    const sel = { clusterRoleSelectors: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['bad value'] }] }] };
    const old = clusterRole({ aggregationRule: sel }, { resourceVersion: '1' });
    expect(msgs(clusterRoles.strategy!.validate!(old))[0]).toMatch(/values\[0\]: Invalid value: "bad value"/);
    // kube still converts the selector (LabelSelectorAsSelector), which refuses the value.
    expect(msgs(clusterRoles.strategy!.validateUpdate!(clusterRole({ aggregationRule: sel }, { resourceVersion: '1' }), old))).toEqual([
      'aggregationRule.clusterRoleSelectors[0]: Invalid value: "null": invalid label selector.',
    ]);
  });
});

describe('binding validation', () => {
  it('accepts User, Group and ServiceAccount subjects', () => {
    const subjects = [
      { kind: 'User', apiGroup: rbac, name: 'alice' },
      { kind: 'Group', apiGroup: rbac, name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci' },
    ];
    expect(roleBindings.strategy!.validate!(binding('RoleBinding', { subjects }))).toEqual([]);
  });

  it('checks the roleRef', () => {
    expect(msgs(roleBindings.strategy!.validate!(binding('RoleBinding', { roleRef: { apiGroup: 'x', kind: 'Thing', name: '' } })))).toEqual([
      'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Thing": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
    ]);
    expect(msgs(clusterRoleBindings.strategy!.validate!(binding('ClusterRoleBinding', { roleRef: { apiGroup: rbac, kind: 'Role', name: 'x' } })))).toEqual([
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
    ]);
  });

  it('checks subjects as kube does', () => {
    const subjects = [
      { kind: 'User', name: 'alice' },
      { kind: 'ServiceAccount', apiGroup: rbac, name: 'Bad_Name' },
      { kind: 'Robot', name: '' },
    ];
    expect(msgs(clusterRoleBindings.strategy!.validate!(binding('ClusterRoleBinding', { subjects })))).toEqual([
      'subjects[0].apiGroup: Unsupported value: "": supported values: "rbac.authorization.k8s.io"',
      expect.stringMatching(/^subjects\[1\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
      'subjects[1].apiGroup: Unsupported value: "rbac.authorization.k8s.io": supported values: ""',
      'subjects[1].namespace: Required value',
      'subjects[2].name: Required value',
      'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    ]);
  });

  it('refuses to change the roleRef, printing it as kube does', () => {
    const old = binding('RoleBinding', {});
    const next = binding('RoleBinding', { roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'edit' } });
    const err = errors.invalid({ group: rbac, kind: 'RoleBinding' }, 'b', roleBindings.strategy!.validateUpdate!(next, old));
    expect(err.message).toBe(
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
    expect(roleBindings.strategy!.validateUpdate!(binding('RoleBinding', { subjects: [] }), old)).toEqual([]);
  });
});

describe('defaults and schemas', () => {
  it('defaults roleRef.apiGroup and the apiGroup of User and Group subjects', () => {
    const obj = binding('RoleBinding', {
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'a' }, { kind: 'Group', name: 'g' }, { kind: 'ServiceAccount', name: 's' }],
    });
    defaultBinding(obj);
    expect(obj.roleRef).toEqual({ apiGroup: rbac, kind: 'Role', name: 'r' });
    expect(obj.subjects).toEqual([
      { kind: 'User', name: 'a', apiGroup: rbac },
      { kind: 'Group', name: 'g', apiGroup: rbac },
      { kind: 'ServiceAccount', name: 's' },
    ]);
  });

  it('report unknown fields and accept nulls', () => {
    const result = roles.schema!.safeParse(role([{ verb: ['get'], verbs: null }]));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.code, i.path.join('.')])).toEqual([['unrecognized_keys', 'rules.0']]);
    expect(clusterRoleBindings.schema!.safeParse(binding('ClusterRoleBinding', { subjects: null })).success).toBe(true);
  });

  it('are served like kube: rbac.authorization.k8s.io/v1, no short names or categories', () => {
    expect(rbacResources.map((d) => [d.plural, d.kind, d.namespaced, d.group, d.versions, d.shortNames, d.categories])).toEqual([
      ['clusterrolebindings', 'ClusterRoleBinding', false, rbac, ['v1'], undefined, undefined],
      ['clusterroles', 'ClusterRole', false, rbac, ['v1'], undefined, undefined],
      ['rolebindings', 'RoleBinding', true, rbac, ['v1'], undefined, undefined],
      ['roles', 'Role', true, rbac, ['v1'], undefined, undefined],
    ]);
  });
});

describe('printer columns', () => {
  const now = new Date('2024-05-03T12:00:00Z');

  it('print roles with an RFC 3339 Created At', () => {
    expect(roleColumns.map((c) => [c.name, c.type])).toEqual([['Created At', 'date']]);
    expect(createdAt(role([], { creationTimestamp: '2024-05-01T10:00:00.123Z' }))).toBe('2024-05-01T10:00:00Z');
    expect(createdAt(role([]))).toBe('0001-01-01T00:00:00Z');
  });

  it('print bindings as ROLE, AGE and, wide, USERS GROUPS SERVICEACCOUNTS', () => {
    const cols = bindingColumns('clusterRoleBinding');
    const obj = binding('ClusterRoleBinding', {
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'dev' },
      ],
    });
    obj.metadata.creationTimestamp = '2024-05-01T10:00:00Z';
    expect(cols.map((c) => [c.name, c.priority ?? 0, c.value(obj, now)])).toEqual([
      ['Role', 0, 'ClusterRole/view'],
      ['Age', 0, '2d2h'],
      ['Users', 1, 'alice, bob'],
      ['Groups', 1, 'devs'],
      ['ServiceAccounts', 1, 'dev/ci'],
    ]);
    expect(cols[2]!.description).toBe('Users in the clusterRoleBinding');
    expect(bindingColumns('roleBinding')[4]!.description).toBe('ServiceAccounts in the roleBinding');
  });

  it('format ages as kubectl does', () => {
    const s = 1000;
    expect([45 * s, 190 * s, 70 * 60 * s, 5 * 3600 * s + 120 * s, 47 * 3600 * s, 3 * 86400 * s, 800 * 86400 * s].map(humanDuration)).toEqual([
      '45s',
      '3m10s',
      '70m',
      '5h2m',
      '47h',
      '3d',
      '2y70d',
    ]);
  });
});
