import { describe, expect, it } from 'vitest';
import { type AdmissionAttributes, type ApiObject, type UserInfo } from '@apiserver-kit/core';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import { rbacEscalationCheck } from './escalation.js';
import { MemoryRbacSource } from './memory-source.js';
import { rbacAuthorizer } from './rbac-authorizer.js';

const bob: UserInfo = { name: 'bob', groups: ['devs', 'system:authenticated'] };
const rbac = 'rbac.authorization.k8s.io';

function setup(extra: ApiObject[] = []) {
  const source = new MemoryRbacSource([
    { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'binder', namespace: 'dev' }, rules: [{ verbs: ['create'], apiGroups: [rbac], resources: ['rolebindings', 'roles'] }] },
    { apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name: 'bob-binder', namespace: 'dev' }, roleRef: { apiGroup: rbac, kind: 'Role', name: 'binder' }, subjects: [{ kind: 'User', apiGroup: rbac, name: 'bob' }] },
    { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'secret-reader', namespace: 'dev' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] },
    ...(extra as never[]),
  ]);
  const authorizer = rbacAuthorizer(source);
  return { source, check: rbacEscalationCheck({ resolver: authorizer.resolver, authorizer }) };
}

function attrs(resource: string, object: ApiObject, user = bob): AdmissionAttributes {
  return {
    operation: 'CREATE',
    kind: { group: rbac, version: 'v1', kind: object.kind },
    resource: { group: rbac, version: 'v1', resource },
    subresource: '',
    name: object.metadata.name!,
    namespace: object.metadata.namespace ?? '',
    object,
    dryRun: false,
    user,
  };
}

const bindingToSecretReader: ApiObject = {
  apiVersion: `${rbac}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'carol-reads', namespace: 'dev' },
  roleRef: { apiGroup: rbac, kind: 'Role', name: 'secret-reader' },
  subjects: [{ kind: 'User', apiGroup: rbac, name: 'carol' }],
};

describe('rbacEscalationCheck', () => {
  it("refuses a binding to rules the requester does not hold, with kube's message", async () => {
    const { check } = setup();
    const err = await statusOfAsync(() => check.validate(attrs('rolebindings', bindingToSecretReader)));
    expect(err.status.code).toBe(403);
    expect(err.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "carol-reads" is forbidden: user "bob" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });

  it('allows the binding once the requester may bind that role', async () => {
    const { check, source } = setup();
    source.add({ apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'may-bind', namespace: 'dev' }, rules: [{ verbs: ['bind'], apiGroups: [rbac], resources: ['roles'], resourceNames: ['secret-reader'] }] });
    source.add({ apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name: 'bob-may-bind', namespace: 'dev' }, roleRef: { apiGroup: rbac, kind: 'Role', name: 'may-bind' }, subjects: [{ kind: 'User', apiGroup: rbac, name: 'bob' }] });
    await expect(check.validate(attrs('rolebindings', bindingToSecretReader))).resolves.toBeUndefined();
  });

  it('refuses a role granting more than the requester holds unless it may escalate; system:masters bypasses', async () => {
    const { check, source } = setup();
    const role: ApiObject = { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'wide', namespace: 'dev' }, rules: [{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }] };
    const err = await statusOfAsync(() => check.validate(attrs('roles', role)));
    expect(err.message).toMatch(/^roles\.rbac\.authorization\.k8s\.io "wide" is forbidden: user "bob" .* not currently held:\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["\*"\]\}$/);
    await expect(check.validate(attrs('roles', role, { name: 'root', groups: ['system:masters'] }))).resolves.toBeUndefined();
    source.add({ apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'escalator', namespace: 'dev' }, rules: [{ verbs: ['escalate'], apiGroups: [rbac], resources: ['roles'] }] });
    source.add({ apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name: 'bob-escalates', namespace: 'dev' }, roleRef: { apiGroup: rbac, kind: 'Role', name: 'escalator' }, subjects: [{ kind: 'User', apiGroup: rbac, name: 'bob' }] });
    await expect(check.validate(attrs('roles', role))).resolves.toBeUndefined();
  });

  it('answers 404 for a binding to a role that does not exist', async () => {
    const { check } = setup();
    const err = await statusOfAsync(() =>
      check.validate(attrs('rolebindings', { ...bindingToSecretReader, roleRef: { apiGroup: rbac, kind: 'Role', name: 'nope' } })),
    );
    expect(err.status.code).toBe(404);
  });
});
