/**
 * Service account tokens: minting bound tokens (TokenRequest) and authenticating them, with
 * kube-apiserver's claims, key ids, audiences and `--service-account-lookup` semantics.
 *
 * @example
 * const issuer = createServiceAccountIssuer({ issuer: 'https://kubernetes.default.svc', signingKey: saKeyPem });
 * const sa = serviceAccountTokenAuthenticator({ issuers: [issuer.issuer], keys: loadKeysFromPem(saPubPem) });
 * const { token } = await issuer.issue({ namespace: 'ci', serviceAccount: { name: 'builder', uid },
 *   audiences: ['https://kubernetes.default.svc'] });
 * await sa.authenticateToken(token, { audiences: ['https://kubernetes.default.svc'] });
 * // -> { user: { name: 'system:serviceaccount:ci:builder', uid, groups: ['system:serviceaccounts', 'system:serviceaccounts:ci'], ... } }
 */
export {
  createServiceAccountIssuer,
  type ServiceAccountIssuer,
  type ServiceAccountIssuerOptions,
  type ServiceAccountTokenRequest,
  type IssuedServiceAccountToken,
} from './issuer.js';
export {
  serviceAccountTokenAuthenticator,
  type ServiceAccountTokenAuthenticatorOptions,
  type ServiceAccountKeyWithId,
} from './authenticator.js';
export { type ServiceAccountLookup, type ServiceAccountLookupObject } from './lookup.js';
export { loadKeysFromPem, keyIdFromPublicKey, type ServiceAccountKeyInput, type ServiceAccountAlgorithm } from './keys.js';
export {
  ServiceAccountExtraKeys,
  serviceAccountUsername,
  serviceAccountGroups,
  type KubernetesClaim,
  type ServiceAccountObjectRef,
} from './claims.js';
