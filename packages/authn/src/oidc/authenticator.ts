/**
 * The OpenID Connect ID token authenticator (kube-apiserver's `--oidc-*` flags). Discovery and
 * the JWKS are fetched lazily on the first token of the issuer; an unreachable issuer fails its
 * own tokens with 401 (and is retried later) without delaying any other authenticator.
 *
 * @example
 * const oidc = oidcAuthenticator({
 *   issuerURL: 'https://dex.example.com', clientID: 'kubernetes',
 *   usernameClaim: 'email', groupsClaim: 'groups', groupsPrefix: 'oidc:',
 *   caPem: fs.readFileSync('dex-ca.crt', 'utf8'),
 * });
 * const authn = bearerAuthenticator(unionTokenAuthenticators(serviceAccounts, oidc));
 */
import { errors } from '@apiserver-kit/core';
import { type JWTPayload, type RemoteJWKSet, createRemoteJWKSet, customFetch, decodeJwt, jwtVerify } from 'jose';
import type { TokenAuthenticator } from '../token.js';
import { type OidcClaimMapping, userFromClaims } from './claims.js';
import { discover } from './discovery.js';
import { type FetchLike, createTlsFetch } from './http-client.js';

export interface OidcAuthenticatorOptions extends OidcClaimMapping {
  /** https URL; tokens whose `iss` is anything else get no opinion. */
  issuerURL: string;
  /** --oidc-client-id: `aud` must contain it. */
  clientID?: string;
  /** Alternatively, several accepted audiences: `aud` must contain one of them. */
  audiences?: string[];
  /** --oidc-ca-file contents, to trust a private CA for discovery and JWKS. */
  caPem?: string;
  /** --oidc-signing-algs; default RS256. Only asymmetric algorithms are allowed. */
  algorithms?: string[];
  /** Replaces the HTTP client (tests, proxies). Ignored when caPem is set. */
  fetch?: FetchLike;
  /** Timeout of each discovery and JWKS request; default 10s. */
  timeoutMs?: number;
  /** After a failed discovery, tokens fail fast for this long before discovery is retried; default 10s. */
  initRetryMs?: number;
  /** Hears discovery failures (the authenticator itself never logs). */
  onError?: (err: Error) => void;
  now?: () => Date;
}

const allowedAlgorithms = new Set(['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512']);
/** go-oidc's allowance for clock skew on nbf. */
const NBF_LEEWAY_SECONDS = 300;

function untrustedIssuer(token: string): string | null {
  if (token.split('.').length !== 3) return null;
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

function verifyError(err: unknown): Error {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  const claim = typeof err === 'object' && err !== null ? (err as { claim?: unknown }).claim : undefined;
  const reason = (() => {
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return 'token is expired';
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        if (claim === 'aud') return 'audience does not match';
        if (claim === 'nbf') return 'token is not valid yet';
        return `invalid claim ${String(claim)}`;
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
        return 'unsupported signing algorithm';
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return 'invalid signature';
      case 'ERR_JWKS_NO_MATCHING_KEY':
        return 'no signing key matches the token';
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
        return 'several signing keys match the token';
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
        return 'malformed token';
      default:
        return 'could not fetch or use the signing keys';
    }
  })();
  return errors.unauthorized(`oidc: verify token: ${reason}`);
}

export function oidcAuthenticator(options: OidcAuthenticatorOptions): TokenAuthenticator {
  const { issuerURL } = options;
  if (new URL(issuerURL).protocol !== 'https:') throw new TypeError(`issuerURL "${issuerURL}" must use https`);
  const audiences = options.audiences ?? (options.clientID ? [options.clientID] : []);
  if (audiences.length === 0) throw new TypeError('clientID or audiences is required');
  const algorithms = options.algorithms ?? ['RS256'];
  for (const alg of algorithms) if (!allowedAlgorithms.has(alg)) throw new TypeError(`oidc: unsupported signing alg "${alg}"`);
  const fetchImpl: FetchLike = options.caPem ? createTlsFetch({ caPem: options.caPem }) : (options.fetch ?? fetch);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const initRetryMs = options.initRetryMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  let keys: RemoteJWKSet | undefined;
  let initializing: Promise<RemoteJWKSet> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;

  async function keySet(): Promise<RemoteJWKSet> {
    if (keys) return keys;
    if (!initializing) {
      if (now().getTime() - failedAt < initRetryMs) throw errors.unauthorized('oidc: authenticator not initialized');
      initializing = discover(issuerURL, fetchImpl, timeoutMs)
        .then((meta) => {
          keys = createRemoteJWKSet(meta.jwksUri, { timeoutDuration: timeoutMs, [customFetch]: fetchImpl });
          return keys;
        })
        .catch((err: unknown) => {
          failedAt = now().getTime();
          options.onError?.(err instanceof Error ? err : new Error(String(err)));
          throw err;
        })
        .finally(() => {
          initializing = undefined;
        });
    }
    try {
      return await initializing;
    } catch {
      throw errors.unauthorized('oidc: authenticator not initialized');
    }
  }

  return {
    name: 'oidc',
    async authenticateToken(token) {
      if (untrustedIssuer(token) !== issuerURL) return null;
      const jwks = await keySet();
      const currentDate = now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          algorithms,
          issuer: issuerURL,
          audience: audiences,
          requiredClaims: ['exp'],
          currentDate,
          clockTolerance: NBF_LEEWAY_SECONDS,
        }));
      } catch (err) {
        throw verifyError(err);
      }
      // The leeway above is for nbf only; like go-oidc, expiry has none.
      if (payload.exp! * 1000 < currentDate.getTime()) throw errors.unauthorized('oidc: verify token: token is expired');
      return { user: userFromClaims(payload, options) };
    },
  };
}
