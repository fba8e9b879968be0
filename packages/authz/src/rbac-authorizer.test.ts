import { type AuthorizationAttributes, type UserInfo, attributesOf, makeApiRequest } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { MemoryRbacSource, type RbacObject } from './memory-source.js';
import { rbacAuthorizer } from './rbac-authorizer.js';
import type { PolicyRule, Subject } from './rbac-types.js';

const rbac = 'rbac.authorization.k8s.io';

// Helpers shaped like kube's rbac_test.go: comma lists, "Kind:name" subjects.
function newRule(verbs: string, apiGroups: string, resources: string, urls: string): PolicyRule {
  return { verbs: verbs.split(','), apiGroups: apiGroups.split(','), resources: resources.split(','), nonResourceURLs: urls.split(',') };
}
function subjects(specs: string[]): Subject[] {
  return specs.map((s) => {
    const [kind, name] = [s.slice(0, s.indexOf(':')), s.slice(s.indexOf(':') + 1)];
    return kind === 'ServiceAccount' ? { kind, name, apiGroup: '' } : { kind, name, apiGroup: rbac };
  });
}
let seq = 0;
function clusterRole(name: string, ...rules: PolicyRule[]): RbacObject {
  return { kind: 'ClusterRole', metadata: { name }, rules };
}
function clusterRoleBinding(role: string, ...subj: string[]): RbacObject {
  return { kind: 'ClusterRoleBinding', metadata: { name: `crb-${seq++}` }, subjects: subjects(subj), roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: role } };
}
function roleBinding(namespace: string, role: string, kind: 'Role' | 'ClusterRole', ...subj: string[]): RbacObject {
  return { kind: 'RoleBinding', metadata: { namespace, name: `rb-${seq++}` }, subjects: subjects(subj), roleRef: { apiGroup: rbac, kind, name: role } };
}

function res(user: string, groups: string, verb: string, resource: string, subresource: string, namespace: string, apiGroup = ''): AuthorizationAttributes {
  const u: UserInfo = { name: user, groups: groups ? groups.split(',') : [] };
  return { user: u, verb, resource, subresource, namespace, apiGroup, isResourceRequest: true, path: '', apiVersion: '', name: '' };
}
function nonRes(u: Partial<UserInfo>, verb: string, path: string): AuthorizationAttributes {
  const user = { name: u.name ?? '', groups: u.groups ?? [] };
  return { user, verb, path, isResourceRequest: false, namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
}

// kube's plugin/pkg/auth/authorizer/rbac TestAuthorizer.
const table: Array<{ name: string; objects: RbacObject[]; pass: AuthorizationAttributes[]; fail: AuthorizationAttributes[] }> = [
  {
    name: 'a RoleBinding to a ClusterRole grants in its namespace only',
    objects: [clusterRole('admin', newRule('*', '*', '*', '*')), roleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')],
    pass: [
      res('admin', '', 'get', 'Pods', '', 'ns1'),
      res('admin', '', 'watch', 'Pods', '', 'ns1'),
      res('admin', 'group1', 'watch', 'Foobar', '', 'ns1'),
      res('joe', 'admins', 'watch', 'Foobar', '', 'ns1'),
      res('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1'),
    ],
    fail: [
      res('admin', '', 'GET', 'Pods', '', 'ns2'),
      res('admin', '', 'GET', 'Nodes', '', ''),
      res('admin', 'admins', 'GET', 'Pods', '', 'ns2'),
      res('admin', 'admins', 'GET', 'Nodes', '', ''),
    ],
  },
  {
    name: 'non-resource URLs',
    objects: [
      clusterRole('non-resource-url-getter', newRule('get', '', '', '/apis')),
      clusterRole('non-resource-url', newRule('*', '', '', '/apis')),
      clusterRole('non-resource-url-prefix', newRule('get', '', '', '/apis/*')),
      clusterRoleBinding('non-resource-url-getter', 'User:foo', 'Group:bar'),
      clusterRoleBinding('non-resource-url', 'User:admin', 'Group:admin'),
      clusterRoleBinding('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
    ],
    pass: [
      nonRes({ name: 'foo' }, 'get', '/apis'),
      nonRes({ groups: ['bar'] }, 'get', '/apis'),
      nonRes({ name: 'admin' }, 'get', '/apis'),
      nonRes({ groups: ['admin'] }, 'get', '/apis'),
      nonRes({ name: 'admin' }, 'watch', '/apis'),
      nonRes({ groups: ['admin'] }, 'watch', '/apis'),
      nonRes({ name: 'prefixed' }, 'get', '/apis/v1'),
      nonRes({ groups: ['prefixed'] }, 'get', '/apis/v1'),
      nonRes({ name: 'prefixed' }, 'get', '/apis/v1/foobar'),
    ],
    fail: [
      nonRes({ name: 'foo' }, 'watch', '/apis'),
      nonRes({ groups: ['bar'] }, 'watch', '/apis'),
      nonRes({ name: 'foo' }, 'get', '/api/v1'),
      nonRes({ groups: ['admin'] }, 'get', '/api/v1'),
      nonRes({ name: 'prefixed' }, 'get', '/api/v1'),
      nonRes({ name: 'prefixed' }, 'get', '/apis'),
    ],
  },
  {
    name: 'a plain resource does not grant its subresources',
    objects: [clusterRole('admin', newRule('*', '*', 'pods', '*')), roleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')],
    pass: [res('admin', '', 'get', 'pods', '', 'ns1')],
    fail: [res('admin', '', 'get', 'pods', 'status', 'ns1')],
  },
  {
    name: 'a subresource does not grant its resource',
    objects: [clusterRole('admin', newRule('*', '*', 'pods/status', '*')), roleBinding('ns1', 'admin', 'ClusterRole', 'User:admin', 'Group:admins')],
    pass: [res('admin', '', 'get', 'pods', 'status', 'ns1')],
    fail: [res('admin', '', 'get', 'pods', '', 'ns1')],
  },
  {
    name: 'star-slash-subresource grants that subresource of every resource',
    objects: [clusterRole('scaler', newRule('update', '*', '*/scale', '')), clusterRoleBinding('scaler', 'User:hpa')],
    pass: [res('hpa', '', 'update', 'deployments', 'scale', 'dev', 'apps'), res('hpa', '', 'update', 'statefulsets', 'scale', '', 'apps')],
    fail: [res('hpa', '', 'update', 'deployments', '', 'dev', 'apps'), res('hpa', '', 'update', 'deployments', 'status', 'dev', 'apps')],
  },
  {
    name: 'service account subjects, local to the binding or naming their namespace',
    objects: [
      clusterRole('reader', newRule('get', '', 'pods', '')),
      roleBinding('dev', 'reader', 'ClusterRole', 'ServiceAccount:ci'),
      { ...clusterRoleBinding('reader'), subjects: [{ kind: 'ServiceAccount', name: 'mon', namespace: 'ops' }] } as RbacObject,
    ],
    pass: [res('system:serviceaccount:dev:ci', '', 'get', 'pods', '', 'dev'), res('system:serviceaccount:ops:mon', '', 'get', 'pods', '', 'anywhere')],
    fail: [res('system:serviceaccount:prod:ci', '', 'get', 'pods', '', 'dev'), res('system:serviceaccount:dev:ci', '', 'get', 'pods', '', 'prod'), res('ci', '', 'get', 'pods', '', 'dev')],
  },
  {
    name: 'non-resource rules reached through a RoleBinding never apply',
    objects: [clusterRole('health', newRule('get', '', '', '/healthz')), roleBinding('dev', 'health', 'ClusterRole', 'User:alice')],
    pass: [],
    fail: [nonRes({ name: 'alice' }, 'get', '/healthz'), { ...nonRes({ name: 'alice' }, 'get', '/healthz'), namespace: 'dev' }],
  },
];

describe('rbacAuthorizer decisions', () => {
  for (const c of table) {
    it(c.name, async () => {
      const authz = rbacAuthorizer(new MemoryRbacSource(c.objects));
      for (const a of c.pass) expect({ a, d: (await authz.authorize(a)).decision }).toEqual({ a, d: 'Allow' });
      for (const a of c.fail) expect({ a, d: (await authz.authorize(a)).decision }).toEqual({ a, d: 'NoOpinion' });
    });
  }
});

describe('rbacAuthorizer reasons', () => {
  const source = new MemoryRbacSource([
    clusterRole('view', { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }),
    { kind: 'Role', metadata: { namespace: 'dev', name: 'logs' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }] },
    { kind: 'ClusterRoleBinding', metadata: { name: 'viewers' }, subjects: subjects(['Group:viewers', 'User:alice']), roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'view' } },
    { kind: 'RoleBinding', metadata: { namespace: 'dev', name: 'ci-logs' }, subjects: subjects(['ServiceAccount:ci']), roleRef: { apiGroup: rbac, kind: 'Role', name: 'logs' } },
  ]);
  const authz = rbacAuthorizer(source);

  it('names the ClusterRoleBinding, its role and the subject that matched', async () => {
    expect(await authz.authorize(res('alice', 'viewers', 'list', 'pods', '', 'dev'))).toEqual({
      decision: 'Allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "viewers" of ClusterRole "view" to Group "viewers"',
    });
    expect((await authz.authorize(res('alice', '', 'list', 'pods', '', ''))).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "viewers" of ClusterRole "view" to User "alice"',
    );
  });

  it('names a RoleBinding as name/namespace and a service account as name/namespace', async () => {
    expect(await authz.authorize(res('system:serviceaccount:dev:ci', '', 'get', 'pods', 'log', 'dev'))).toEqual({
      decision: 'Allow',
      reason: 'RBAC: allowed by RoleBinding "ci-logs/dev" of Role "logs" to ServiceAccount "ci/dev"',
    });
  });

  it('has no opinion and no reason when nothing matches', async () => {
    expect(await authz.authorize(res('bob', '', 'get', 'pods', '', 'dev'))).toEqual({ decision: 'NoOpinion', reason: '' });
  });

  it('explains unresolvable bindings in its reason, deduplicated as kube aggregates errors', async () => {
    const s = new MemoryRbacSource([
      roleBinding('dev', 'gone', 'ClusterRole', 'User:bob'),
      roleBinding('dev', 'gone', 'ClusterRole', 'User:bob'),
      roleBinding('dev', 'missing', 'Role', 'User:bob'),
    ]);
    const one = rbacAuthorizer(new MemoryRbacSource([roleBinding('dev', 'gone', 'ClusterRole', 'User:bob')]));
    expect(await one.authorize(res('bob', '', 'get', 'pods', '', 'dev'))).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found',
    });
    expect((await rbacAuthorizer(s).authorize(res('bob', '', 'get', 'pods', '', 'dev'))).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "missing" not found]',
    );
  });

  it('allows despite a broken binding when another one grants', async () => {
    const s = new MemoryRbacSource([
      clusterRoleBinding('gone', 'User:bob'),
      clusterRole('view', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
      clusterRoleBinding('view', 'User:bob'),
    ]);
    expect((await rbacAuthorizer(s).authorize(res('bob', '', 'get', 'pods', '', 'dev'))).decision).toBe('Allow');
  });
});

describe('rbacAuthorizer with resolved requests', () => {
  const authz = rbacAuthorizer(
    new MemoryRbacSource([
      clusterRole('one-cm', { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] }),
      roleBinding('dev', 'one-cm', 'ClusterRole', 'User:alice'),
    ]),
  );
  const ask = (method: string, path: string) =>
    authz.authorize(attributesOf({ ...makeApiRequest({ method, path }), user: { name: 'alice', groups: [] } }));

  it('grants resourceNames rules to list and watch with fieldSelector=metadata.name', async () => {
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps?fieldSelector=metadata.name%3Dapp')).decision).toBe('Allow');
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps?watch=1&fieldSelector=metadata.name%3Dapp')).decision).toBe('Allow');
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps/app')).decision).toBe('Allow');
  });

  it('refuses resourceNames rules to unfiltered or differently filtered lists', async () => {
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps')).decision).toBe('NoOpinion');
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps?fieldSelector=metadata.name%3Dother')).decision).toBe('NoOpinion');
    expect((await ask('GET', '/api/v1/namespaces/dev/configmaps?fieldSelector=metadata.name!%3Dapp')).decision).toBe('NoOpinion');
  });
});

describe('rbacAuthorizer.rulesFor', () => {
  it('lists the rules a user holds and the resolution errors', () => {
    const authz = rbacAuthorizer(
      new MemoryRbacSource([
        clusterRole('mixed', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/healthz'] }),
        clusterRoleBinding('mixed', 'User:alice'),
        roleBinding('dev', 'gone', 'Role', 'User:alice'),
      ]),
    );
    const { rules, errors } = authz.rulesFor({ name: 'alice', groups: [] }, 'dev');
    expect(rules).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ]);
    expect(errors.map((e) => e.message)).toEqual(['role.rbac.authorization.k8s.io "gone" not found']);
  });
});

describe('rbacAuthorizer performance contract', () => {
  it('reads bindings only through the subject index, never by listing them all', async () => {
    const inner = new MemoryRbacSource([
      clusterRole('view', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }),
      roleBinding('dev', 'view', 'ClusterRole', 'User:alice'),
      clusterRoleBinding('view', 'Group:ops'),
    ]);
    const asked: string[][] = [];
    const scanning = () => {
      throw new Error('scanned all bindings');
    };
    const indexedOnly = {
      getRole: (ns: string, name: string) => inner.getRole(ns, name),
      getClusterRole: (name: string) => inner.getClusterRole(name),
      roleBindingsFor: (ns: string, keys: readonly string[]) => (asked.push([ns, ...keys]), inner.roleBindingsFor(ns, keys)),
      clusterRoleBindingsFor: (keys: readonly string[]) => (asked.push(['', ...keys]), inner.clusterRoleBindingsFor(keys)),
      listRoleBindings: scanning,
      listClusterRoleBindings: scanning,
      listClusterRoles: scanning,
    };
    const authz = rbacAuthorizer(indexedOnly);
    expect((await authz.authorize(res('alice', 'devs', 'get', 'pods', '', 'dev'))).decision).toBe('Allow');
    expect((await authz.authorize(res('bob', 'ops', 'get', 'pods', '', ''))).decision).toBe('Allow');
    expect(asked).toEqual([
      ['', 'User:alice', 'Group:devs'],
      ['dev', 'User:alice', 'Group:devs'],
      ['', 'User:bob', 'Group:ops'],
    ]);
  });
});
