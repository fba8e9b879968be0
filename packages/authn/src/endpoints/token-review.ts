/**
 * authentication.k8s.io/v1 TokenReview: other servers (kubelets, aggregated API servers, the
 * webhook authenticator of another kube-apiserver) ask ours who a bearer token belongs to.
 */
import { type VirtualResource, defineResource, errors, isStatusError } from '@apiserver-kit/core';
import type { TokenAuthenticator } from '../token.js';
import { userInfoOf } from './self-subject-review.js';

export function tokenReviewResource(tokens: TokenAuthenticator, apiAudiences: string[] = []): VirtualResource {
  return {
    definition: defineResource({
      group: 'authentication.k8s.io',
      versions: ['v1'],
      kind: 'TokenReview',
      plural: 'tokenreviews',
      namespaced: false,
      verbs: ['create'],
    }),
    async create({ body, req }) {
      const spec = (body.spec ?? {}) as { token?: unknown; audiences?: unknown };
      if (typeof spec.token !== 'string' || spec.token === '') {
        throw errors.badRequest('token is required for TokenReview in authentication');
      }
      const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? (spec.audiences as string[]) : apiAudiences;
      const status: Record<string, unknown> = { user: {} };
      try {
        const result = await tokens.authenticateToken(spec.token, { audiences, signal: req.signal });
        if (result) {
          status.authenticated = true;
          status.user = userInfoOf(result.user);
          const aud = result.audiences ?? audiences;
          if (aud.length > 0) status.audiences = aud;
        }
      } catch (err) {
        status.error = isStatusError(err) ? err.message : 'token lookup failed';
      }
      return { ...body, metadata: { ...body.metadata, creationTimestamp: null }, status };
    },
  };
}
