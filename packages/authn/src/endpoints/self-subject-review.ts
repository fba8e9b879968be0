/**
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): answers who the
 * requester is, after authentication and impersonation.
 */
import { type UserInfo, type VirtualResource, defineResource } from '@apiserver-kit/core';

export function userInfoOf(user: UserInfo): Record<string, unknown> {
  const out: Record<string, unknown> = { username: user.name };
  if (user.uid) out.uid = user.uid;
  if (user.groups.length > 0) out.groups = user.groups;
  if (user.extra && Object.keys(user.extra).length > 0) out.extra = user.extra;
  return out;
}

export function selfSubjectReviewResource(now: () => Date = () => new Date()): VirtualResource {
  return {
    definition: defineResource({
      group: 'authentication.k8s.io',
      versions: ['v1'],
      kind: 'SelfSubjectReview',
      plural: 'selfsubjectreviews',
      namespaced: false,
      verbs: ['create'],
    }),
    async create({ user }) {
      return {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: now().toISOString().replace(/\.\d{3}Z$/, 'Z') },
        status: { userInfo: userInfoOf(user) },
      };
    },
  };
}
