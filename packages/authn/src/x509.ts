/**
 * Client certificate authentication (kube-apiserver's `--client-ca-file`): the chain the client
 * presented is verified against the CA bundle (signatures, validity, CA constraints, the
 * clientAuth extended key usage) and mapped to a user: CN is the name, each O a group, and
 * the SHA-256 of the leaf is recorded as `authentication.kubernetes.io/credential-id`.
 *
 * Node's TLS server must run with `requestCert: true, rejectUnauthorized: false` so that
 * bearer-token clients can connect without a certificate; unverified certificates therefore
 * reach this authenticator, which verifies them itself.
 *
 * @example
 * const certs = x509Authenticator({ ca: await readFile('pki/ca.crt', 'utf8') });
 * https.createServer({ cert, key, ca, requestCert: true, rejectUnauthorized: false }, handler);
 * certs.setCA(rotatedBundle); // takes effect for the next request
 */
import { createHash } from 'node:crypto';
import { type Authenticator, type UserInfo, errors } from '@apiserver-kit/core';
import { certificateIdentifier, parseCertificate, type ParsedCertificate } from './cert/parse.js';
import { CertificateVerifyError, certPool, verifyChain, type CertPool } from './cert/verify.js';

export {
  CertificateVerifyError,
  certPool,
  verifyChain,
  type CertificateVerifyErrorCode,
  type CertPool,
  type ChainVerifyOptions,
} from './cert/verify.js';
export type { ParsedCertificate } from './cert/parse.js';

/** One or more PEM bundles. */
export type CABundle = string | readonly string[];
/** A bundle, or a function read on every request (for CA rotation). */
export type CABundleSource = CABundle | (() => CABundle);

/** The extra key kube sets to identify the credential a user authenticated with. */
export const credentialIdKey = 'authentication.kubernetes.io/credential-id';

/** `X509SHA256=<hex sha256 of the leaf DER>`, kube's credential id for a client certificate. */
export function x509CredentialId(leafDer: Uint8Array): string {
  return `X509SHA256=${createHash('sha256').update(leafDer).digest('hex')}`;
}

/**
 * kube's CommonNameUserConversion: CN is the user, O values are the groups. A certificate
 * with an empty CN has no opinion (null).
 */
export function commonNameUser(chain: readonly ParsedCertificate[]): UserInfo | null {
  const leaf = chain[0];
  if (!leaf || leaf.commonName === '') return null;
  return { name: leaf.commonName, groups: [...leaf.organizations], extra: { [credentialIdKey]: [x509CredentialId(leaf.raw)] } };
}

/** A CA pool that follows a bundle source, re-parsing only when the bundle text changes. */
export interface CAProvider {
  current(): CertPool;
  set(ca: CABundleSource): void;
}

export function caProvider(source: CABundleSource): CAProvider {
  let src = source;
  let lastText: string | undefined;
  let pool: CertPool = { certs: [], bySubject: new Map() };
  const load = (bundle: CABundle) => {
    const text = typeof bundle === 'string' ? bundle : bundle.join('\n');
    if (text !== lastText) {
      pool = certPool(bundle);
      lastText = text;
    }
    return pool;
  };
  // A function source that starts returning an unreadable bundle keeps the last good one,
  // as kube's dynamic CA file content does on a bad reload (and does not re-parse it per request).
  let badText: string | undefined;
  const reload = (fn: () => CABundle) => {
    let text: string | undefined;
    try {
      const bundle = fn();
      text = typeof bundle === 'string' ? bundle : bundle.join('\n');
      if (text === badText) return pool;
      return load(bundle);
    } catch {
      badText = text;
      return pool;
    }
  };
  if (typeof src !== 'function') load(src);
  return {
    current: () => (typeof src === 'function' ? reload(src) : pool),
    set(next) {
      if (typeof next !== 'function') load(next);
      src = next;
    },
  };
}

export interface X509AuthenticatorOptions {
  /** The client CA bundle(s), PEM; or a function returning them, called per request. */
  ca: CABundleSource;
  /** Map a verified chain (leaf first) to a user; default `commonNameUser`. null: no opinion. */
  userFromCert?: (chain: readonly ParsedCertificate[]) => UserInfo | null;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

export interface X509Authenticator extends Authenticator {
  /** Replace the CA bundle; invalid PEM throws and leaves the current bundle in place. */
  setCA(ca: CABundleSource): void;
}

/**
 * Verify the request's client certificate chain against `pool`. Returns the verified chain, or
 * null when the request has no certificate or the pool is empty. Throws 401 (with the
 * verification error as `cause`) when the certificate does not verify.
 */
export function verifyRequestCertificate(
  peerCertificates: readonly { raw: Uint8Array }[],
  pool: CertPool,
  now: number = Date.now(),
): ParsedCertificate[] | null {
  if (peerCertificates.length === 0 || pool.certs.length === 0) return null;
  try {
    return verifyChain(
      peerCertificates.map((c) => c.raw),
      pool,
      { now },
    );
  } catch (err) {
    const unauthorized = errors.unauthorized();
    const detail = err instanceof Error ? err.message : String(err);
    unauthorized.cause = new CertificateVerifyError(
      err instanceof CertificateVerifyError ? err.code : 'Malformed',
      `verifying certificate ${describeLeaf(peerCertificates[0]!.raw)} failed: ${detail}`,
    );
    throw unauthorized;
  }
}

function describeLeaf(raw: Uint8Array): string {
  try {
    return certificateIdentifier(parseCertificate(raw));
  } catch {
    return '(unparseable)';
  }
}

/** The `--client-ca-file` authenticator. */
export function x509Authenticator(options: X509AuthenticatorOptions): X509Authenticator {
  const ca = caProvider(options.ca);
  const toUser = options.userFromCert ?? commonNameUser;
  const now = options.now ?? Date.now;
  return {
    name: 'x509',
    async authenticate(req) {
      const chain = verifyRequestCertificate(req.peerCertificates, ca.current(), now());
      if (!chain) return null;
      const user = toUser(chain);
      return user ? { user } : null;
    },
    setCA(next) {
      ca.set(next);
    },
  };
}
