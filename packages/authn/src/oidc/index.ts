/**
 * OpenID Connect ID tokens, verified against the issuer's discovery document and rotating JWKS,
 * mapped to users with kube-apiserver's `--oidc-*` rules.
 *
 * @example
 * const oidc = oidcAuthenticator({ issuerURL: 'https://dex.example.com', clientID: 'kubernetes',
 *   usernameClaim: 'email', groupsClaim: 'groups', caPem });
 * await oidc.authenticateToken(idToken, {}); // -> { user: { name: 'jane@example.com', groups: ['admins'] } }
 */
export { oidcAuthenticator, type OidcAuthenticatorOptions } from './authenticator.js';
export type { OidcClaimMapping } from './claims.js';
export type { FetchLike, TlsClientOptions } from './http-client.js';
