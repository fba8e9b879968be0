import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { rbacAuthorizer } from '../rbac-authorizer.js';
import { attributesFor, decide, expectAllowed, expectDenied, loadRbacManifests, parseUser } from './index.js';

const teamRbac = `
apiVersion: v1
kind: Namespace
metadata:
  name: dev
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list", "watch"]
- nonResourceURLs: ["/healthz", "/metrics/*"]
  verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: devs-read-pods
  namespace: dev
subjects:
- kind: Group
  name: devs
roleRef:
  kind: ClusterRole
  name: pod-reader
---
# an empty document
---
apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata:
    name: deployer
  rules:
  - apiGroups: ["apps"]
    resources: ["deployments", "deployments/scale"]
    verbs: ["*"]
    resourceNames: ["web"]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata:
    name: ci-deploys
  subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role
    name: deployer
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata:
    name: health
  subjects:
  - kind: Group
    name: system:authenticated
    apiGroup: rbac.authorization.k8s.io
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: ClusterRole
    name: pod-reader
`;

describe('parseUser', () => {
  it('reads users and groups, adding system:authenticated as impersonation does', () => {
    expect(parseUser('alice')).toEqual({ name: 'alice', groups: ['system:authenticated'] });
    expect(parseUser('alice:devs,ops')).toEqual({ name: 'alice', groups: ['devs', 'ops', 'system:authenticated'] });
    expect(parseUser('system:anonymous')).toEqual({ name: 'system:anonymous', groups: ['system:unauthenticated'] });
    expect(parseUser('system:kube-scheduler')).toEqual({ name: 'system:kube-scheduler', groups: ['system:authenticated'] });
    expect(parseUser('system:node:w1:system:nodes')).toEqual({ name: 'system:node:w1', groups: ['system:nodes', 'system:authenticated'] });
  });

  it('gives service accounts their groups unless groups are given', () => {
    expect(parseUser('system:serviceaccount:ci:deployer')).toEqual({
      name: 'system:serviceaccount:ci:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated'],
    });
    expect(parseUser('system:serviceaccount:ci:deployer:x')).toEqual({ name: 'system:serviceaccount:ci:deployer', groups: ['x', 'system:authenticated'] });
  });

  it('keeps a UserInfo as it is', () => {
    const u = { name: 'x', groups: [] };
    expect(parseUser(u)).toBe(u);
  });
});

describe('attributesFor', () => {
  it('reads subresources, groups and non-resource paths from the resource', () => {
    expect(attributesFor('a', 'update', 'deployments.apps/scale', { namespace: 'dev', name: 'web' })).toMatchObject({
      isResourceRequest: true,
      apiGroup: 'apps',
      resource: 'deployments',
      subresource: 'scale',
      namespace: 'dev',
      name: 'web',
    });
    expect(attributesFor('a', 'get', 'pods', { subresource: 'log' })).toMatchObject({ resource: 'pods', subresource: 'log', apiGroup: '' });
    expect(attributesFor('a', 'get', '/healthz')).toMatchObject({ isResourceRequest: false, path: '/healthz' });
    expect(() => attributesFor('a', 'get', 'pods/log', { subresource: 'exec' })).toThrow('subresource given twice');
  });
});

describe('policy tests over real manifests', () => {
  const authz = rbacAuthorizer(loadRbacManifests(teamRbac));

  it('allows what the manifests grant', async () => {
    await expectAllowed(authz, 'alice:devs', 'get', 'pods/log', { namespace: 'dev' });
    await expectAllowed(authz, 'alice:devs', 'watch', 'pods', { namespace: 'dev' });
    await expectAllowed(authz, 'system:serviceaccount:ci:deployer', 'patch', 'deployments.apps/scale', { namespace: 'default', name: 'web' });
    await expectAllowed(authz, 'bob', 'get', '/metrics/cadvisor');
    const d = await expectAllowed(authz, 'bob', 'get', '/healthz');
    expect(d.reason).toBe('RBAC: allowed by ClusterRoleBinding "health" of ClusterRole "pod-reader" to Group "system:authenticated"');
  });

  it('denies what they do not', async () => {
    await expectDenied(authz, 'alice:devs', 'delete', 'pods', { namespace: 'dev' });
    await expectDenied(authz, 'system:serviceaccount:ci:deployer', 'patch', 'deployments.apps', { namespace: 'default', name: 'api' });
    await expectDenied(authz, 'system:serviceaccount:ci:deployer', 'list', 'deployments.apps', { namespace: 'default' });
    await expectDenied(authz, 'system:anonymous', 'get', '/healthz');
    expect((await decide(authz, 'alice:devs', 'get', 'secrets', { namespace: 'dev' })).decision).toBe('NoOpinion');
  });

  it('fails with a readable assertion', async () => {
    const err = await expectAllowed(authz, 'alice', 'delete', 'pods', { namespace: 'dev', name: 'p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssertionError);
    expect((err as Error).message).toBe(
      'expected "alice" (groups ["system:authenticated"]) to delete pods named "p" in namespace "dev" to be allowed, but the decision was NoOpinion',
    );
    const err2 = await expectDenied(authz, 'bob', 'get', '/healthz').catch((e: unknown) => (e as Error).message);
    expect(err2).toMatch(/^expected "bob" .* to get path "\/healthz" to be denied, but the decision was Allow \(RBAC: allowed by /);
  });
});

describe('loadRbacManifests', () => {
  it('puts namespaced objects without a namespace into the default namespace and defaults roleRef.apiGroup', () => {
    const source = loadRbacManifests(teamRbac);
    expect(source.getRole('default', 'deployer')).toBeDefined();
    expect([...source.listRoleBindings('dev')][0]!.roleRef.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(loadRbacManifests(teamRbac, { defaultNamespace: 'ci' }).getRole('ci', 'deployer')).toBeDefined();
  });

  it('reads several texts and says where a bad object is', () => {
    const bad = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: oops
subjects:
- kind: ServiceAccount
  name: ci
roleRef:
  kind: ClusterRole
  name: view
`;
    expect(() => loadRbacManifests([teamRbac, bad])).toThrow(
      'manifest 2, document 1: ClusterRoleBinding.rbac.authorization.k8s.io "oops" is invalid: subjects[0].namespace: Required value',
    );
  });

  it('reports unknown fields as a strict decoder would', () => {
    const typo = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: r, namespace: dev }
rules:
- apiGroups: [""]
  resources: [pods]
  verb: [get]
`;
    expect(() => loadRbacManifests(typo)).toThrow(
      'document 1: Role in version "v1" cannot be handled as a Role: strict decoding error: unknown field "rules[0].verb"',
    );
  });

  it('loads objects as they are with validate: false', () => {
    const invalid = `kind: Role
apiVersion: rbac.authorization.k8s.io/v1
metadata: { name: r }
rules:
- verbs: [get]
  nonResourceURLs: [/x]
`;
    expect(() => loadRbacManifests(invalid)).toThrow(/namespaced rules cannot apply to non-resource URLs/);
    expect(loadRbacManifests(invalid, { validate: false }).getRole('default', 'r')).toBeDefined();
  });

  it('reports YAML syntax errors with their document', () => {
    expect(() => loadRbacManifests('kind: Role\n---\nkind: [unclosed\n')).toThrow(/^document 2: /);
  });
});
