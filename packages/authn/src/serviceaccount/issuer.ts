/**
 * Minting bound service account tokens, as kube-apiserver does for TokenRequest
 * (`POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token`).
 *
 * @example
 * const issuer = createServiceAccountIssuer({ issuer: 'https://kubernetes.default.svc', signingKey: saKeyPem });
 * const { token } = await issuer.issue({
 *   namespace: 'default', serviceAccount: { name: 'builder', uid: sa.metadata.uid },
 *   audiences: ['https://kubernetes.default.svc'], expirationSeconds: 3600,
 * });
 */
import { randomUUID } from 'node:crypto';
import { type JWK, SignJWT, exportJWK } from 'jose';
import { type KubernetesClaim, type ServiceAccountObjectRef, serviceAccountUsername } from './claims.js';
import { type ServiceAccountKeyInput, type ServiceAccountAlgorithm, algorithmForKey, keyIdFromPublicKey, toPrivateKey, toPublicKeys } from './keys.js';

export interface ServiceAccountIssuerOptions {
  /** The `iss` of every token (--service-account-issuer). */
  issuer: string;
  /** The private key (--service-account-signing-key-file): PEM, KeyObject or CryptoKey. */
  signingKey: ServiceAccountKeyInput;
  /** The `kid` header; default kube's derivation from the public key. */
  keyId?: string;
  /** Must agree with the key; default RS256 for RSA keys and ES256/384/512 by EC curve. */
  alg?: ServiceAccountAlgorithm;
  now?: () => Date;
}

export interface ServiceAccountTokenRequest {
  namespace: string;
  serviceAccount: ServiceAccountObjectRef;
  /** The `aud` claim; TokenRequest defaults it to the API audiences. */
  audiences: string[];
  /** Lifetime in seconds; default 3600 (TokenRequest's default). */
  expirationSeconds?: number;
  /** Binds the token to a pod (optionally with the pod's node), or to a secret, or to a node. */
  pod?: ServiceAccountObjectRef;
  secret?: ServiceAccountObjectRef;
  node?: ServiceAccountObjectRef;
  /** Adds `kubernetes.io.warnafter` this many seconds after issuance. */
  warnAfterSeconds?: number;
}

export interface IssuedServiceAccountToken {
  token: string;
  /** RFC 3339, as TokenRequest's status.expirationTimestamp. */
  expirationTimestamp: string;
  /** The token's jti; its credential id is `JTI=<jti>`. */
  jti: string;
}

export interface ServiceAccountIssuer {
  readonly issuer: string;
  readonly keyId: string;
  readonly algorithm: ServiceAccountAlgorithm;
  issue(request: ServiceAccountTokenRequest): Promise<IssuedServiceAccountToken>;
  /** The public JWKS (what kube serves at /openid/v1/jwks). */
  jwks(): Promise<{ keys: JWK[] }>;
}

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function createServiceAccountIssuer(options: ServiceAccountIssuerOptions): ServiceAccountIssuer {
  if (!options.issuer) throw new TypeError('issuer is required');
  const privateKey = toPrivateKey(options.signingKey);
  const publicKey = toPublicKeys(privateKey)[0]!;
  const algorithm = algorithmForKey(privateKey);
  if (options.alg !== undefined && options.alg !== algorithm) {
    throw new TypeError(`algorithm ${options.alg} does not match the signing key (${algorithm})`);
  }
  const keyId = options.keyId ?? keyIdFromPublicKey(publicKey);
  const now = options.now ?? (() => new Date());

  return {
    issuer: options.issuer,
    keyId,
    algorithm,
    async issue(req) {
      const expirationSeconds = req.expirationSeconds ?? 3600;
      if (!Number.isInteger(expirationSeconds) || expirationSeconds <= 0) {
        throw new TypeError('expirationSeconds must be a positive integer');
      }
      if (req.secret && (req.pod || req.node)) throw new TypeError('a token can only be bound to one object type');
      if (!req.namespace || !req.serviceAccount?.name) throw new TypeError('namespace and serviceAccount.name are required');
      const iat = Math.floor(now().getTime() / 1000);
      const jti = randomUUID();
      const k: KubernetesClaim = {
        namespace: req.namespace,
        serviceaccount: { name: req.serviceAccount.name, uid: req.serviceAccount.uid },
      };
      if (req.node) k.node = { name: req.node.name, uid: req.node.uid };
      if (req.pod) k.pod = { name: req.pod.name, uid: req.pod.uid };
      if (req.secret) k.secret = { name: req.secret.name, uid: req.secret.uid };
      if (req.warnAfterSeconds) k.warnafter = iat + req.warnAfterSeconds;
      const exp = iat + expirationSeconds;
      // Claim order as kube emits it (Go marshals the claims map with sorted keys).
      const payload = {
        aud: [...req.audiences],
        exp,
        iat,
        iss: options.issuer,
        jti,
        'kubernetes.io': k,
        nbf: iat,
        sub: serviceAccountUsername(req.namespace, req.serviceAccount.name),
      };
      const token = await new SignJWT(payload).setProtectedHeader({ alg: algorithm, kid: keyId }).sign(privateKey);
      return { token, expirationTimestamp: rfc3339(exp), jti };
    },
    async jwks() {
      const jwk = await exportJWK(publicKey);
      return { keys: [{ ...jwk, use: 'sig', kid: keyId, alg: algorithm }] };
    },
  };
}
