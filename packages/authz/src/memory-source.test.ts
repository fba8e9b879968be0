import { describe, expect, it } from 'vitest';
import { MemoryRbacSource, type RbacObject, isRbacObject } from './memory-source.js';
import type { ClusterRoleBinding, RoleBinding, Subject } from './rbac-types.js';
import { subjectKeysOf } from './subjects.js';

const rbac = 'rbac.authorization.k8s.io';

function rb(namespace: string, name: string, subjects: Subject[]): RoleBinding & { kind: 'RoleBinding' } {
  return { kind: 'RoleBinding', metadata: { namespace, name }, subjects, roleRef: { apiGroup: rbac, kind: 'Role', name: 'r' } };
}

function crb(name: string, subjects: Subject[]): ClusterRoleBinding & { kind: 'ClusterRoleBinding' } {
  return { kind: 'ClusterRoleBinding', metadata: { name }, subjects, roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'r' } };
}

const names = (it: Iterable<{ metadata: { name?: string } }>) => [...it].map((b) => b.metadata.name);
const keys = (name: string, ...groups: string[]) => subjectKeysOf({ name, groups });

describe('MemoryRbacSource', () => {
  it('finds bindings by the subjects that can name a user, each once, in the order they were added', () => {
    const s = new MemoryRbacSource([
      crb('by-group', [{ kind: 'Group', name: 'devs' }]),
      crb('other', [{ kind: 'User', name: 'bob' }]),
      crb('by-both', [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
      ]),
      crb('by-user', [{ kind: 'User', name: 'alice' }]),
    ]);
    expect(names(s.clusterRoleBindingsFor(keys('alice', 'devs')))).toEqual(['by-group', 'by-both', 'by-user']);
    expect(names(s.clusterRoleBindingsFor(keys('carol')))).toEqual([]);
  });

  it('indexes role bindings per namespace, with service accounts defaulting to the binding namespace', () => {
    const s = new MemoryRbacSource([
      rb('dev', 'sa-local', [{ kind: 'ServiceAccount', name: 'ci' }]),
      rb('dev', 'sa-prod', [{ kind: 'ServiceAccount', name: 'ci', namespace: 'prod' }]),
      rb('prod', 'sa-local', [{ kind: 'ServiceAccount', name: 'ci' }]),
    ]);
    expect(names(s.roleBindingsFor('dev', keys('system:serviceaccount:dev:ci')))).toEqual(['sa-local']);
    expect(names(s.roleBindingsFor('dev', keys('system:serviceaccount:prod:ci')))).toEqual(['sa-prod']);
    expect(names(s.roleBindingsFor('prod', keys('system:serviceaccount:prod:ci')))).toEqual(['sa-local']);
    expect(names(s.roleBindingsFor('other', keys('system:serviceaccount:prod:ci')))).toEqual([]);
  });

  it('does not index cluster role binding service accounts without a namespace', () => {
    const s = new MemoryRbacSource([crb('sa', [{ kind: 'ServiceAccount', name: 'ci' }])]);
    expect(names(s.clusterRoleBindingsFor(keys('system:serviceaccount::ci')))).toEqual([]);
    expect(names(s.listClusterRoleBindings())).toEqual(['sa']);
  });

  it('re-indexes a replaced binding and keeps its place', () => {
    const s = new MemoryRbacSource([crb('a', [{ kind: 'User', name: 'alice' }]), crb('b', [{ kind: 'Group', name: 'devs' }])]);
    s.add(crb('a', [{ kind: 'Group', name: 'devs' }]));
    expect(names(s.clusterRoleBindingsFor(keys('alice')))).toEqual([]);
    expect(names(s.clusterRoleBindingsFor(keys('x', 'devs')))).toEqual(['a', 'b']);
  });

  it('removes objects and their index entries', () => {
    const binding = rb('dev', 'a', [{ kind: 'User', name: 'alice' }]);
    const s = new MemoryRbacSource([binding, { kind: 'Role', metadata: { namespace: 'dev', name: 'r' }, rules: [] }]);
    const before = s.revision;
    expect(s.remove(binding)).toBe(true);
    expect(s.remove(binding)).toBe(false);
    expect(s.remove({ kind: 'Role', metadata: { namespace: 'dev', name: 'r' } })).toBe(true);
    expect(names(s.roleBindingsFor('dev', keys('alice')))).toEqual([]);
    expect(s.getRole('dev', 'r')).toBeUndefined();
    expect(s.revision).toBe(before + 2);
  });

  it('holds roles per namespace and cluster roles by name', () => {
    const s = new MemoryRbacSource();
    s.add({ kind: 'Role', metadata: { namespace: 'dev', name: 'r' }, rules: [{ verbs: ['get'] }] });
    s.add({ kind: 'ClusterRole', metadata: { name: 'c' }, rules: [] });
    expect(s.getRole('dev', 'r')?.rules).toEqual([{ verbs: ['get'] }]);
    expect(s.getRole('prod', 'r')).toBeUndefined();
    expect(s.getClusterRole('c')).toBeDefined();
    expect(names(s.listRoles('dev'))).toEqual(['r']);
    expect(names(s.listClusterRoles())).toEqual(['c']);
  });

  it('loads lists and clears everything', () => {
    const s = new MemoryRbacSource();
    s.load([{ kind: 'ClusterRoleBindingList', items: [crb('a', [{ kind: 'User', name: 'alice' }])] }]);
    expect(names(s.clusterRoleBindingsFor(keys('alice')))).toEqual(['a']);
    s.clear();
    expect(names(s.clusterRoleBindingsFor(keys('alice')))).toEqual([]);
    expect(names(s.listClusterRoleBindings())).toEqual([]);
  });

  it('refuses namespaced objects without a namespace and objects of other kinds', () => {
    const s = new MemoryRbacSource();
    expect(() => s.add(rb('', 'x', []))).toThrow('RoleBinding "x" needs metadata.namespace');
    expect(() => s.add({ kind: 'ConfigMap', metadata: { name: 'x' } } as unknown as RbacObject)).toThrow('not an RBAC object');
  });

  it('recognizes RBAC objects by kind and group', () => {
    expect(isRbacObject({ apiVersion: `${rbac}/v1`, kind: 'Role', metadata: {} })).toBe(true);
    expect(isRbacObject({ kind: 'ClusterRole', metadata: {} })).toBe(true);
    expect(isRbacObject({ apiVersion: 'v1', kind: 'Role', metadata: {} })).toBe(false);
    expect(isRbacObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: {} })).toBe(false);
    expect(isRbacObject(null)).toBe(false);
  });
});
