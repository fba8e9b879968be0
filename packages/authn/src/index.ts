/**
 * @apiserver-kit/authn — every authenticator kube-apiserver offers, as small implementations of
 * core's `Authenticator`, combined with `unionAuthenticators` and wrapped by cross-cutting
 * wrappers (caching, the system:authenticated group, audiences).
 *
 * @example
 * import { bearerAuthenticator, tokenFileAuthenticator, x509Authenticator } from '@apiserver-kit/authn';
 * const authn = unionAuthenticators(x509Authenticator({ ca }), bearerAuthenticator(tokenFile));
 */
export * from './token.js';
export * from './impersonation.js';
export * from './endpoints/self-subject-review.js';
export * from './endpoints/token-review.js';
