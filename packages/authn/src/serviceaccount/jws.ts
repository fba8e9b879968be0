/**
 * Compact JWS verification with node:crypto directly. jose's jwtVerify goes through WebCrypto,
 * which costs about 2.5x a direct `crypto.verify` per token (measured in bench/token-verify.mjs);
 * for the small fixed set of asymmetric algorithms service-account tokens use, verifying here
 * keeps a cold verification close to the raw signature check.
 */
import { type KeyObject, constants, verify } from 'node:crypto';

export interface ParsedJws {
  header: { alg?: unknown; kid?: unknown; crit?: unknown; b64?: unknown; [k: string]: unknown };
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const b64url = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> | null {
  if (!b64url.test(part)) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The parts of a compact JWS, or null when the text is not one. Nothing is verified. */
export function parseCompactJws(token: string): ParsedJws | null {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) return null;
  const header = decodeJson(token.slice(0, first));
  const payload = decodeJson(token.slice(first + 1, second));
  const sig = token.slice(second + 1);
  if (!header || !payload || !b64url.test(sig)) return null;
  return { header, payload, signingInput: token.slice(0, second), signature: Buffer.from(sig, 'base64url') };
}

interface AlgSpec {
  hash: string;
  kty: 'rsa' | 'ec';
  pss?: boolean;
  curve?: string;
}

const algs: Record<string, AlgSpec> = {
  RS256: { hash: 'sha256', kty: 'rsa' },
  RS384: { hash: 'sha384', kty: 'rsa' },
  RS512: { hash: 'sha512', kty: 'rsa' },
  PS256: { hash: 'sha256', kty: 'rsa', pss: true },
  PS384: { hash: 'sha384', kty: 'rsa', pss: true },
  PS512: { hash: 'sha512', kty: 'rsa', pss: true },
  ES256: { hash: 'sha256', kty: 'ec', curve: 'prime256v1' },
  ES384: { hash: 'sha384', kty: 'ec', curve: 'secp384r1' },
  ES512: { hash: 'sha512', kty: 'ec', curve: 'secp521r1' },
};

/** Whether `alg` is one this verifier implements. */
export function supportedAlgorithm(alg: string): boolean {
  return alg in algs;
}

/**
 * Verify the signature of a parsed JWS with `key` under `alg`. A key of the wrong type or curve
 * for the algorithm never verifies (so an RSA public key cannot be abused as an HMAC secret or
 * for another family). Header parameters that change how the signature is computed (`b64`,
 * `crit`) are refused.
 */
export function verifyJws(jws: ParsedJws, alg: string, key: KeyObject): boolean {
  const spec = algs[alg];
  if (!spec || jws.header.crit !== undefined || jws.header.b64 !== undefined) return false;
  if (key.asymmetricKeyType !== spec.kty && !(spec.kty === 'rsa' && key.asymmetricKeyType === 'rsa-pss')) return false;
  if (spec.curve && key.asymmetricKeyDetails?.namedCurve !== spec.curve) return false;
  const input = Buffer.from(jws.signingInput, 'ascii');
  try {
    if (spec.kty === 'ec') return verify(spec.hash, input, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
    if (spec.pss) {
      return verify(spec.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jws.signature);
    }
    return verify(spec.hash, input, key, jws.signature);
  } catch {
    return false;
  }
}
