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
import type { TokenAuthenticator } from '../token.js';
import { type ParsedJws, parseCompactJws, verifyJws } from './jws.js';
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

function goQuoted(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

type Payload = Record<string, unknown> & { iss?: unknown; aud?: unknown; exp?: unknown; nbf?: unknown; iat?: unknown; jti?: unknown };

/** The registered time claims, with kube's leeway (60 s) as jose's clockTolerance applied them. */
function checkTimes(payload: Payload, nowMs: number): void {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  for (const claim of ['exp', 'nbf', 'iat'] as const) {
    if (payload[claim] !== undefined && num(payload[claim]) === undefined) {
      throw errors.unauthorized('service account token claims could not be validated');
    }
  }
  const exp = num(payload.exp);
  if (exp !== undefined && nowMs >= exp * 1000 + LEEWAY_MS) throw errors.unauthorized('service account token has expired');
  const nbf = num(payload.nbf);
  if (nbf !== undefined && nowMs + LEEWAY_MS < nbf * 1000) throw errors.unauthorized('service account token is not valid yet');
  const iat = num(payload.iat);
  if (iat !== undefined && iat * 1000 > nowMs + LEEWAY_MS) throw errors.unauthorized('service account token is issued in the future');
}

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

  function verify(jws: ParsedJws, kid: string | undefined): void {
    const alg = jws.header.alg;
    if (typeof alg !== 'string' || !algorithms.includes(alg)) {
      throw errors.unauthorized('service account token is signed with a disallowed algorithm');
    }
    const candidates = kid ? (byKid.get(kid) ?? []) : all;
    if (candidates.length === 0) throw errors.unauthorized('invalid signature, no keys found');
    if (!candidates.some(({ key }) => verifyJws(jws, alg, key))) throw errors.unauthorized('invalid signature');
  }

  return {
    name: 'serviceaccount',
    async authenticateToken(token, ctx): Promise<AuthenticationResult | null> {
      const jws = parseCompactJws(token);
      if (!jws) return null;
      const payload = jws.payload as Payload;
      if (typeof payload.iss !== 'string' || !issuers.has(payload.iss)) return null;
      const kid = typeof jws.header.kid === 'string' && jws.header.kid !== '' ? jws.header.kid : undefined;
      const currentDate = now();
      verify(jws, kid);
      checkTimes(payload, currentDate.getTime());

      const implicit = options.audiences ?? ctx.audiences ?? [];
      const requested = ctx.audiences ?? implicit;
      const rawAud: unknown[] = payload.aud === undefined ? implicit : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      const tokenAuds = rawAud.filter((a): a is string => typeof a === 'string');
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
