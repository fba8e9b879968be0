/**
 * The service account token authenticator (kube-apiserver's `--service-account-key-file`,
 * `--service-account-issuer`, `--service-account-lookup`): verifies bound tokens signed by one
 * of the configured keys and answers with the service account user.
 *
 * @example
 * const sa = serviceAccountTokenAuthenticator({
 *   issuers: ['https://kubernetes.default.svc'],
 *   keys: loadKeysFromPem(fs.readFileSync('sa.pub', 'utf8')),
 *   audiences: ['https://kubernetes.default.svc'],
 *   lookup: { getServiceAccount: async (ns, name) => (await storage.get(saKey(ns, name)))?.metadata ?? null },
 * });
 * const authn = bearerAuthenticator(unionTokenAuthenticators(sa, oidc));
 */
import type { KeyObject } from 'node:crypto';
import { type AuthenticationResult, errors } from '@apiserver-kit/core';
import { type JWTPayload, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { TokenAuthenticator } from '../token.js';
import { type ServiceAccountInfo, parseKubernetesClaim, serviceAccountUser } from './claims.js';
import { type ServiceAccountKeyInput, keyIdFromPublicKey, toPublicKeys } from './keys.js';
import { LEEWAY_MS, type ServiceAccountLookup, validateAgainstLookup } from './lookup.js';

/** A verification key with an explicit key id (for signers that do not use kube's derivation). */
export interface ServiceAccountKeyWithId {
  key: ServiceAccountKeyInput;
  keyId: string;
}

export interface ServiceAccountTokenAuthenticatorOptions {
  /** Accepted `iss` values (--service-account-issuer, all of them). Tokens of other issuers get no opinion. */
  issuers: string[];
  /** Public (or private) keys; several for rotation. A PEM string may hold several keys. */
  keys: Array<ServiceAccountKeyInput | ServiceAccountKeyWithId>;
  /** Accepted signing algorithms; default RS256, ES256, ES384, ES512. HMAC and `none` are never accepted. */
  algorithms?: string[];
  /** The API audiences (--api-audiences); default the audiences of the token context. */
  audiences?: string[];
  /** Checks the service account (and bound pod/secret/node) still exist with the token's uids. */
  lookup?: ServiceAccountLookup;
  now?: () => Date;
}

const asymmetric = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']);
const defaultAlgorithms = ['RS256', 'ES256', 'ES384', 'ES512'];

interface VerificationKey {
  kid: string;
  key: KeyObject;
}

function isKeyWithId(k: ServiceAccountKeyInput | ServiceAccountKeyWithId): k is ServiceAccountKeyWithId {
  return typeof k === 'object' && k !== null && 'key' in k && 'keyId' in k;
}

function verificationKeys(inputs: Array<ServiceAccountKeyInput | ServiceAccountKeyWithId>): VerificationKey[] {
  return inputs.flatMap((input) => {
    if (isKeyWithId(input)) return toPublicKeys(input.key).map((key) => ({ kid: input.keyId, key }));
    return toPublicKeys(input).map((key) => ({ kid: keyIdFromPublicKey(key), key }));
  });
}

/** The unverified `iss` of a compact JWT, or null when the text is not one. */
function untrustedIssuer(token: string): string | null {
  if (token.trimStart().startsWith('{') || token.split('.').length !== 3) return null;
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : null;
  } catch {
    return null;
  }
}

function goQuoted(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : '';
}

/** Maps a claim failure of a correctly signed token to kube's message. */
function claimError(err: unknown): Error {
  const code = errorCode(err);
  if (code === 'ERR_JWT_EXPIRED') return errors.unauthorized('service account token has expired');
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (err as { claim?: string }).claim;
    if (claim === 'nbf') return errors.unauthorized('service account token is not valid yet');
    if (claim === 'iss') return errors.unauthorized('token issuer is invalid');
  }
  return errors.unauthorized('service account token claims could not be validated');
}

const signatureErrors = new Set(['ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'ERR_JOSE_NOT_SUPPORTED', '']);

export function serviceAccountTokenAuthenticator(options: ServiceAccountTokenAuthenticatorOptions): TokenAuthenticator {
  const issuers = new Set(options.issuers);
  if (issuers.size === 0) throw new TypeError('at least one issuer is required');
  const algorithms = options.algorithms ?? defaultAlgorithms;
  for (const alg of algorithms) {
    if (!asymmetric.has(alg)) throw new TypeError(`unsupported service account token algorithm "${alg}"`);
  }
  const all = verificationKeys(options.keys);
  if (all.length === 0) throw new TypeError('at least one verification key is required');
  const byKid = new Map<string, VerificationKey[]>();
  for (const k of all) byKid.set(k.kid, [...(byKid.get(k.kid) ?? []), k]);
  const now = options.now ?? (() => new Date());

  async function verify(token: string, kid: string | undefined, currentDate: Date): Promise<JWTPayload> {
    const candidates = kid ? (byKid.get(kid) ?? []) : all;
    if (candidates.length === 0) throw errors.unauthorized('invalid signature, no keys found');
    for (const { key } of candidates) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms,
          issuer: [...issuers],
          currentDate,
          clockTolerance: LEEWAY_MS / 1000,
        });
        return payload;
      } catch (err) {
        const code = errorCode(err);
        if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') throw errors.unauthorized('service account token is signed with a disallowed algorithm');
        if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') throw errors.unauthorized('service account token is malformed');
        if (!signatureErrors.has(code) && !(err instanceof TypeError)) throw claimError(err);
        // wrong key for this signature: try the next one
      }
    }
    throw errors.unauthorized('invalid signature');
  }

  return {
    name: 'serviceaccount',
    async authenticateToken(token, ctx): Promise<AuthenticationResult | null> {
      const iss = untrustedIssuer(token);
      if (iss === null || !issuers.has(iss)) return null;
      let kid: string | undefined;
      try {
        const header = decodeProtectedHeader(token);
        kid = typeof header.kid === 'string' && header.kid !== '' ? header.kid : undefined;
      } catch {
        return null;
      }
      const currentDate = now();
      const payload = await verify(token, kid, currentDate);
      if (typeof payload.iat === 'number' && payload.iat * 1000 > currentDate.getTime() + LEEWAY_MS) {
        throw errors.unauthorized('service account token is issued in the future');
      }

      const implicit = options.audiences ?? ctx.audiences ?? [];
      const requested = ctx.audiences ?? implicit;
      const tokenAuds = payload.aud === undefined ? implicit : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      const audiences = tokenAuds.filter((a, i) => requested.includes(a) && tokenAuds.indexOf(a) === i);
      if (audiences.length === 0 && implicit.length > 0) {
        throw errors.unauthorized(`token audiences ${goQuoted(tokenAuds)} is invalid for the target audiences ${goQuoted(requested)}`);
      }

      const k = parseKubernetesClaim(payload);
      if (!k) throw errors.unauthorized('service account token claims could not be validated');
      if (options.lookup) await validateAgainstLookup(options.lookup, k, currentDate.getTime());

      const info: ServiceAccountInfo = { namespace: k.namespace, name: k.serviceaccount.name, uid: k.serviceaccount.uid };
      if (k.pod) {
        info.podName = k.pod.name;
        info.podUID = k.pod.uid;
      }
      if (k.node) {
        info.nodeName = k.node.name;
        info.nodeUID = k.node.uid;
      }
      if (typeof payload.jti === 'string' && payload.jti !== '') info.jti = payload.jti;
      return { user: serviceAccountUser(info), audiences };
    },
  };
}
