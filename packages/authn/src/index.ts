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
export * from './serviceaccount/index.js';
export * from './oidc/index.js';
export * from './webhook/index.js';
export * from './x509.js';
export * from './token-file.js';
export * from './request-header.js';
export * from './anonymous.js';
export * from './wrappers/cached.js';
export * from './wrappers/groups.js';
export * from './wrappers/audiences.js';
export * from './middleware.js';
export * from './endpoints/token-request.js';
