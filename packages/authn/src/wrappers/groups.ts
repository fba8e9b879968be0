/**
 * `withAuthenticatedGroup`: kube's AuthenticatedGroupAdder. Every user an authenticator
 * answers with gets `system:authenticated`, except `system:anonymous` and users that already
 * carry `system:authenticated` or `system:unauthenticated`. The answer is a new object; the
 * wrapped authenticator's result is not mutated.
 *
 * @example
 * const authn = unionAuthenticators(withAuthenticatedGroup(unionAuthenticators(x509, bearer)), anonymousAuthenticator());
 */
import { type Authenticator, Groups, Users } from '@apiserver-kit/core';

export function withAuthenticatedGroup(authenticator: Authenticator): Authenticator {
  return {
    name: authenticator.name ?? 'authenticated-group',
    async authenticate(req) {
      const result = await authenticator.authenticate(req);
      if (!result) return null;
      const { user } = result;
      if (user.name === Users.anonymous) return result;
      if (user.groups.some((g) => g === Groups.allAuthenticated || g === Groups.allUnauthenticated)) return result;
      return { ...result, user: { ...user, groups: [...user.groups, Groups.allAuthenticated] } };
    },
  };
}
