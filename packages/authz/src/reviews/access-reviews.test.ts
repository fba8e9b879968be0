import { describe, expect, it } from 'vitest';
import { type ApiObject, type AuthorizationAttributes, allow, authorizerFn, deny, makeApiRequest, noOpinion } from '@apiserver-kit/core';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import {
  localSubjectAccessReviewResource,
  selfSubjectAccessReviewResource,
  selfSubjectRulesReviewResource,
  subjectAccessReviewResource,
} from './access-reviews.js';

const seen: AuthorizationAttributes[] = [];
const authz = authorizerFn(async (a) => {
  seen.push(a);
  if (a.verb === 'delete') return deny('deletes are off');
  return a.user.name === 'alice' || a.user.groups.includes('admins') ? allow('alice may') : noOpinion();
});

const body = (kind: string, spec: Record<string, unknown>): ApiObject => ({ apiVersion: 'authorization.k8s.io/v1', kind, metadata: {}, spec });
const ctx = (b: ApiObject, namespace = '') => ({
  req: makeApiRequest(),
  user: { name: 'me', groups: ['admins'] },
  body: b,
  namespace,
  dryRun: false,
});

describe('access reviews', () => {
  it('SubjectAccessReview asks the authorizer about the named user', async () => {
    const sar = subjectAccessReviewResource(authz);
    const out = await sar.create(ctx(body('SubjectAccessReview', {
      user: 'alice',
      resourceAttributes: { namespace: 'dev', verb: 'get', resource: 'pods', name: 'p' },
    })));
    expect(out.status).toEqual({ allowed: true, reason: 'alice may' });
    expect(seen.at(-1)).toMatchObject({ user: { name: 'alice' }, verb: 'get', namespace: 'dev', resource: 'pods', name: 'p', isResourceRequest: true });
    const denied = await sar.create(ctx(body('SubjectAccessReview', { user: 'bob', resourceAttributes: { verb: 'delete', resource: 'pods' } })));
    expect(denied.status).toEqual({ allowed: false, denied: true, reason: 'deletes are off' });
  });

  it('SelfSubjectAccessReview asks about the requester, and non-resource paths too', async () => {
    const ssar = selfSubjectAccessReviewResource(authz);
    const out = await ssar.create(ctx(body('SelfSubjectAccessReview', { nonResourceAttributes: { path: '/metrics', verb: 'get' } })));
    expect(out.status).toEqual({ allowed: true, reason: 'alice may' });
    expect(seen.at(-1)).toMatchObject({ user: { name: 'me' }, path: '/metrics', isResourceRequest: false });
  });

  it("rejects specs kube rejects, with kube's messages", async () => {
    const sar = subjectAccessReviewResource(authz);
    const none = await statusOfAsync(() => sar.create(ctx(body('SubjectAccessReview', { user: 'a' }))));
    expect(none.status.code).toBe(422);
    expect(none.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    const nobody = await statusOfAsync(() => sar.create(ctx(body('SubjectAccessReview', { resourceAttributes: { verb: 'get' } }))));
    expect(nobody.message).toMatch(/spec\.user: Required value: at least one of user or group must be specified$/);
    const lsar = localSubjectAccessReviewResource(authz);
    const wrongNs = await statusOfAsync(() =>
      lsar.create(ctx(body('LocalSubjectAccessReview', { user: 'a', resourceAttributes: { namespace: 'other', verb: 'get' } }), 'dev')),
    );
    expect(wrongNs.status.code).toBe(400);
    expect(wrongNs.message).toBe('spec.resourceAttributes.namespace must match namespace: dev');
  });

  it('SelfSubjectRulesReview splits resource and non-resource rules and reports incompleteness', async () => {
    const ssrr = selfSubjectRulesReviewResource({
      rulesFor: (user, ns) => ({
        rules: [
          { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
          { verbs: ['get'], nonResourceURLs: ['/healthz'] },
          { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
        ],
        errors: user.name === 'me' && ns === 'dev' ? [new Error('role "gone" not found')] : [],
      }),
    });
    const out = await ssrr.create(ctx(body('SelfSubjectRulesReview', { namespace: 'dev' })));
    expect(out.status).toEqual({
      resourceRules: [
        { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      incomplete: true,
      evaluationError: 'role "gone" not found',
    });
  });
});
