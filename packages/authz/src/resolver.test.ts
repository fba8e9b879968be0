import type { UserInfo } from '@apiserver-kit/core';
import { isStatusError } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { MemoryRbacSource } from './memory-source.js';
import type { PolicyRule, RbacDataSource } from './rbac-types.js';
import { RuleResolver, confirmNoEscalation } from './resolver.js';

const rbac = 'rbac.authorization.k8s.io';
const ruleReadPods: PolicyRule = { verbs: ['GET', 'WATCH'], apiGroups: ['v1'], resources: ['pods'] };
const ruleReadServices: PolicyRule = { verbs: ['GET', 'WATCH'], apiGroups: ['v1'], resources: ['services'] };
const ruleWriteNodes: PolicyRule = { verbs: ['PUT', 'CREATE', 'UPDATE'], apiGroups: ['v1'], resources: ['nodes'] };
const ruleAdmin: PolicyRule = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };

// kube's pkg/registry/rbac/validation TestDefaultRuleResolver fixtures.
function staticRoles(): MemoryRbacSource {
  return new MemoryRbacSource([
    { kind: 'Role', metadata: { namespace: 'namespace1', name: 'readthings' }, rules: [ruleReadPods, ruleReadServices] },
    { kind: 'ClusterRole', metadata: { name: 'cluster-admin' }, rules: [ruleAdmin] },
    { kind: 'ClusterRole', metadata: { name: 'write-nodes' }, rules: [ruleWriteNodes] },
    {
      kind: 'RoleBinding',
      metadata: { namespace: 'namespace1', name: 'rb' },
      subjects: [
        { kind: 'User', name: 'foobar' },
        { kind: 'Group', name: 'group1' },
      ],
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'readthings' },
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
      subjects: [
        { kind: 'User', name: 'admin' },
        { kind: 'Group', name: 'admin' },
      ],
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' },
    },
  ]);
}

const user = (name: string, groups: string[] = []): UserInfo => ({ name, groups });

describe('RuleResolver.rulesFor', () => {
  const cases: Array<{ name: string; user: UserInfo; namespace: string; rules: PolicyRule[] }> = [
    { name: 'role binding rules in its namespace', user: user('foobar'), namespace: 'namespace1', rules: [ruleReadPods, ruleReadServices] },
    { name: 'no rules in another namespace', user: user('foobar'), namespace: 'namespace2', rules: [] },
    { name: 'only cluster rules without a namespace', user: user('foobar', ['admin']), namespace: '', rules: [ruleAdmin] },
    { name: 'nothing for an empty user', user: user(''), namespace: '', rules: [] },
    {
      name: 'cluster rules first, then the namespace rules',
      user: user('admin', ['group1']),
      namespace: 'namespace1',
      rules: [ruleAdmin, ruleReadPods, ruleReadServices],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(new RuleResolver(staticRoles()).rulesFor(c.user, c.namespace)).toEqual({ rules: c.rules, errors: [] });
    });
  }

  it('reports bindings to missing roles as errors and keeps the other rules', () => {
    const source = staticRoles();
    source.add({
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dangling' },
      subjects: [{ kind: 'User', name: 'foobar' }],
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'gone' },
    });
    source.add({
      kind: 'RoleBinding',
      metadata: { namespace: 'namespace1', name: 'dangling' },
      subjects: [{ kind: 'User', name: 'foobar' }],
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'gone-too' },
    });
    source.add({
      kind: 'ClusterRoleBinding',
      metadata: { name: 'weird' },
      subjects: [{ kind: 'User', name: 'foobar' }],
      roleRef: { apiGroup: rbac, kind: 'Thing', name: 'x' },
    });
    const { rules, errors } = new RuleResolver(source).rulesFor(user('foobar'), 'namespace1');
    expect(rules).toEqual([ruleReadPods, ruleReadServices]);
    expect(errors.map((e) => e.message)).toEqual([
      'clusterrole.rbac.authorization.k8s.io "gone" not found',
      'unsupported role reference kind: "Thing"',
      'role.rbac.authorization.k8s.io "gone-too" not found',
    ]);
    expect(isStatusError(errors[0]) && errors[0].status.reason).toBe('NotFound');
  });

  it('resolves a ClusterRoleBinding to a Role as not found, as kube does', () => {
    const source = new MemoryRbacSource([
      { kind: 'Role', metadata: { namespace: 'dev', name: 'r' }, rules: [ruleAdmin] },
      {
        kind: 'ClusterRoleBinding',
        metadata: { name: 'x' },
        subjects: [{ kind: 'User', name: 'alice' }],
        roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' },
      },
    ]);
    const { rules, errors } = new RuleResolver(source).rulesFor(user('alice'), 'dev');
    expect(rules).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(['role.rbac.authorization.k8s.io "r" not found']);
  });

  it('passes data source failures to the visitor and goes on', () => {
    const failing: RbacDataSource = {
      ...staticRoles(),
      getRole: () => undefined,
      getClusterRole: () => undefined,
      clusterRoleBindingsFor: () => {
        throw new Error('cache not synced');
      },
      roleBindingsFor: () => [],
      listRoleBindings: () => [],
      listClusterRoleBindings: () => [],
      listClusterRoles: () => [],
    };
    expect(new RuleResolver(failing).rulesFor(user('a'), 'ns').errors.map((e) => e.message)).toEqual(['cache not synced']);
  });
});

describe('RuleResolver.visitRulesFor', () => {
  it('stops as soon as the visitor returns false', () => {
    const seen: PolicyRule[] = [];
    new RuleResolver(staticRoles()).visitRulesFor(user('admin', ['group1']), 'namespace1', (_src, rule) => {
      if (rule) seen.push(rule);
      return seen.length < 2;
    });
    expect(seen).toEqual([ruleAdmin, ruleReadPods]);
  });

  it('names the binding and the first subject that applies', () => {
    const sources: string[] = [];
    new RuleResolver(staticRoles()).visitRulesFor(user('foobar', ['admin', 'group1']), 'namespace1', (src) => {
      if (src) sources.push(String(src));
      return true;
    });
    expect([...new Set(sources)]).toEqual([
      'ClusterRoleBinding "crb" of ClusterRole "cluster-admin" to Group "admin"',
      'RoleBinding "rb/namespace1" of Role "readthings" to User "foobar"',
    ]);
  });
});

describe('confirmNoEscalation', () => {
  const resolver = new RuleResolver(staticRoles());

  it('is undefined when the user holds every requested permission', () => {
    expect(confirmNoEscalation(resolver, user('foobar'), 'namespace1', [{ verbs: ['GET'], apiGroups: ['v1'], resources: ['pods'] }])).toBeUndefined();
    expect(confirmNoEscalation(resolver, user('admin'), '', [ruleWriteNodes])).toBeUndefined();
  });

  it('lists the missing permissions, compacted and sorted, as kube does', () => {
    const msg = confirmNoEscalation(resolver, user('foobar', ['devs']), 'namespace1', [
      { verbs: ['GET', 'delete', 'list'], apiGroups: ['v1'], resources: ['pods', 'secrets'] },
    ]);
    expect(msg).toBe(
      'user "foobar" (groups=["devs"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["v1"], Resources:["pods"], Verbs:["delete" "list"]}\n' +
        '{APIGroups:["v1"], Resources:["secrets"], Verbs:["GET" "delete" "list"]}',
    );
  });
});
