/**
 * The anonymous authenticator (kube-apiserver's `--anonymous-auth`): every request it sees is
 * `system:anonymous` in `system:unauthenticated`. Put it last, and only when anonymous access
 * is on; because the union stops at an authenticator that throws, an invalid credential is
 * still a 401, never an anonymous request. `paths` mirrors AuthenticationConfiguration's
 * `anonymous.conditions`: when given, only requests for exactly those paths are anonymous.
 *
 * @example
 * const authn = unionAuthenticators(x509, bearer, anonymousAuthenticator());
 * const healthOnly = anonymousAuthenticator({ paths: ['/livez', '/readyz', '/healthz'] });
 */
import { type Authenticator, Groups, Users } from '@apiserver-kit/core';

export interface AnonymousOptions {
  /** Only these request paths are anonymous; omitted: every path. */
  paths?: readonly string[];
}

export function anonymousAuthenticator(options: AnonymousOptions = {}): Authenticator {
  const paths = options.paths ? new Set(options.paths) : undefined;
  return {
    name: 'anonymous',
    async authenticate(req) {
      if (paths && !paths.has(req.path)) return null;
      return { user: { name: Users.anonymous, groups: [Groups.allUnauthenticated] } };
    },
  };
}
