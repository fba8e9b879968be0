import { describe, expect, it } from 'vitest';
import { type AuthorizationAttributes, allow, authorizerFn, deny, makeApiRequest } from '@apiserver-kit/core';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import { impersonate } from './impersonation.js';

const admin = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };

function request(headers: Record<string, string | string[]>) {
  const req = makeApiRequest({ method: 'GET', path: '/api/v1/namespaces/default/configmaps', headers });
  req.user = admin;
  return req;
}

function recordingAuthorizer(decide: (a: AuthorizationAttributes) => boolean = () => true) {
  const seen: AuthorizationAttributes[] = [];
  const authz = authorizerFn(async (a) => {
    seen.push(a);
    return decide(a) ? allow() : deny();
  });
  return { authz, seen };
}

describe('impersonate', () => {
  it('returns null and asks nothing without impersonation headers', async () => {
    const { authz, seen } = recordingAuthorizer();
    expect(await impersonate(request({}), authz)).toBeNull();
    expect(seen).toEqual([]);
  });

  it('impersonates a user with groups, uid and extras, authorizing each part as kube does', async () => {
    const { authz, seen } = recordingAuthorizer();
    const req = request({
      'impersonate-user': 'jane',
      'impersonate-group': ['devs', 'ops'],
      'impersonate-uid': 'u-1',
      'impersonate-extra-scopes%2fread': 'view',
    });
    const user = await impersonate(req, authz);
    expect(user).toEqual({
      name: 'jane',
      uid: 'u-1',
      groups: ['devs', 'ops', 'system:authenticated'],
      extra: { 'scopes/read': ['view'] },
    });
    expect(seen.map((a) => [a.verb, a.apiGroup, a.resource, a.subresource, a.name])).toEqual([
      ['impersonate', '', 'users', '', 'jane'],
      ['impersonate', '', 'groups', '', 'devs'],
      ['impersonate', '', 'groups', '', 'ops'],
      ['impersonate', 'authentication.k8s.io', 'userextras', 'scopes/read', 'view'],
      ['impersonate', 'authentication.k8s.io', 'uids', '', 'u-1'],
    ]);
    expect(seen.every((a) => a.user === admin)).toBe(true);
    expect(req.headers['impersonate-user']).toBeUndefined();
  });

  it('impersonates a service account with its fixed groups, authorized in its namespace', async () => {
    const { authz, seen } = recordingAuthorizer();
    const user = await impersonate(request({ 'impersonate-user': 'system:serviceaccount:ns1:robot' }), authz);
    expect(user?.groups).toEqual(['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated']);
    expect(seen[0]).toMatchObject({ resource: 'serviceaccounts', namespace: 'ns1', name: 'robot' });
  });

  it('answers 400 for groups without a user', async () => {
    const { authz } = recordingAuthorizer();
    const err = await statusOfAsync(() => impersonate(request({ 'impersonate-group': 'devs' }), authz));
    expect(err.status.code).toBe(400);
    expect(err.message).toMatch(/without impersonating a user$/);
  });

  it("answers 403 with kube's message when a part is denied", async () => {
    const { authz } = recordingAuthorizer((a) => a.resource !== 'groups');
    const err = await statusOfAsync(() => impersonate(request({ 'impersonate-user': 'jane', 'impersonate-group': 'root' }), authz));
    expect(err.status.code).toBe(403);
    expect(err.message).toBe(
      'groups "root" is forbidden: User "admin" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
  });
});
