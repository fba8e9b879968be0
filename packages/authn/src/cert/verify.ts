/**
 * Client certificate chain verification with the semantics of Go's `x509.Certificate.Verify`
 * as kube-apiserver calls it (`VerifyOptions{Roots, Intermediates, KeyUsages: [ClientAuth]}`):
 * signatures up to a root in the pool, every certificate within its validity period, issuers
 * that are CAs allowed to sign certificates, path length constraints, no unhandled critical
 * extensions, no MD5/SHA-1/DSA signatures, and the requested extended key usage along the whole
 * chain (a certificate without EKU allows any usage). Name constraints are not enforced: they
 * restrict subjectAltNames, which play no part in client-certificate identity.
 *
 * @example
 * const pool = certPool(caPem);
 * const chain = verifyChain(req.peerCertificates.map((c) => c.raw), pool); // throws CertificateVerifyError
 * chain[0].commonName;
 */
import { Oid, canSignCertificates, parseCertificate, type ParsedCertificate } from './parse.js';

export type CertificateVerifyErrorCode =
  | 'Malformed'
  | 'UnknownAuthority'
  | 'Expired'
  | 'NotAuthorizedToSign'
  | 'TooManyIntermediates'
  | 'IncompatibleUsage'
  | 'UnhandledCriticalExtension'
  | 'InsecureAlgorithm'
  | 'BadSignature';

/** Why a chain did not verify; messages follow Go's crypto/x509 errors. */
export class CertificateVerifyError extends Error {
  readonly code: CertificateVerifyErrorCode;
  constructor(code: CertificateVerifyErrorCode, message: string) {
    super(message);
    this.name = 'CertificateVerifyError';
    this.code = code;
  }
}

/** Trusted roots, indexed by raw subject. */
export interface CertPool {
  readonly certs: readonly ParsedCertificate[];
  readonly bySubject: ReadonlyMap<string, ParsedCertificate[]>;
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** The DER bodies of every CERTIFICATE block in PEM text (other block types are skipped). */
export function pemCertificates(pem: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(pemBlock)) {
    if (m[1] !== 'CERTIFICATE') continue;
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) throw new Error('invalid base64 in a PEM CERTIFICATE block');
    out.push(new Uint8Array(Buffer.from(body, 'base64')));
  }
  return out;
}

function subjectKey(raw: Uint8Array): string {
  return Buffer.from(raw).toString('base64');
}

/** A pool of trusted CA certificates from PEM bundle(s). Empty text gives an empty pool. */
export function certPool(pem: string | readonly string[]): CertPool {
  const texts = typeof pem === 'string' ? [pem] : pem;
  const certs: ParsedCertificate[] = [];
  for (const text of texts) {
    if (text.trim() === '') continue;
    const ders = pemCertificates(text);
    if (ders.length === 0) throw new Error('the CA bundle does not contain any PEM CERTIFICATE block');
    for (const der of ders) {
      try {
        certs.push(parseCertificate(der));
      } catch (err) {
        throw new Error(`the CA bundle contains an unreadable certificate: ${(err as Error).message}`, { cause: err });
      }
    }
  }
  const bySubject = new Map<string, ParsedCertificate[]>();
  for (const c of certs) {
    const key = subjectKey(c.rawSubject);
    bySubject.set(key, [...(bySubject.get(key) ?? []), c]);
  }
  return { certs, bySubject };
}

export interface ChainVerifyOptions {
  /** Epoch milliseconds; default Date.now(). */
  now?: number;
  /** Extended key usages the chain must allow; default [clientAuth]. */
  keyUsages?: string[];
}

const maxSignatureChecks = 100;
const maxChainLength = 10;

function sameCert(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return Buffer.from(a.raw).equals(b.raw);
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Checks every certificate in a chain gets, whatever its position (Go's isValid). */
function checkValid(cert: ParsedCertificate, now: number, chainBelow: ParsedCertificate[], intermediate: boolean): void {
  if (cert.unhandledCriticalExtensions.length > 0) {
    throw new CertificateVerifyError('UnhandledCriticalExtension', 'x509: unhandled critical extension');
  }
  if (now < cert.notBefore) {
    throw new CertificateVerifyError(
      'Expired',
      `x509: certificate has expired or is not yet valid: current time ${isoSeconds(now)} is before ${isoSeconds(cert.notBefore)}`,
    );
  }
  if (now > cert.notAfter) {
    throw new CertificateVerifyError(
      'Expired',
      `x509: certificate has expired or is not yet valid: current time ${isoSeconds(now)} is after ${isoSeconds(cert.notAfter)}`,
    );
  }
  if (intermediate && (!cert.basicConstraintsValid || !cert.isCA)) {
    throw new CertificateVerifyError('NotAuthorizedToSign', 'x509: certificate is not authorized to sign other certificates');
  }
  if (chainBelow.length > 0 && cert.basicConstraintsValid && cert.maxPathLen >= 0 && chainBelow.length - 1 > cert.maxPathLen) {
    throw new CertificateVerifyError('TooManyIntermediates', 'x509: too many intermediates for path length constraint');
  }
}

/** Go's CheckSignatureFrom: the parent must be a CA allowed to sign, and the signature must be sound. */
function checkSignatureFrom(child: ParsedCertificate, parent: ParsedCertificate): void {
  if ((parent.version === 3 && !parent.basicConstraintsValid) || (parent.basicConstraintsValid && !parent.isCA)) {
    throw new CertificateVerifyError('NotAuthorizedToSign', 'x509: invalid signature: parent certificate cannot sign this kind of certificate');
  }
  if (!canSignCertificates(parent)) {
    throw new CertificateVerifyError('NotAuthorizedToSign', 'x509: invalid signature: parent certificate cannot sign this kind of certificate');
  }
  if (child.insecureSignature) {
    throw new CertificateVerifyError('InsecureAlgorithm', `x509: cannot verify signature: insecure algorithm ${child.signatureAlgorithm}`);
  }
  let ok = false;
  try {
    ok = child.x509.verify(parent.x509.publicKey);
  } catch {
    ok = false;
  }
  if (!ok) throw new CertificateVerifyError('BadSignature', 'x509: invalid signature');
}

/** Go's checkChainForKeyUsage: walking from the root, each certificate with EKUs narrows what is allowed. */
function chainAllowsUsages(chain: ParsedCertificate[], wanted: string[]): boolean {
  let remaining = [...wanted];
  for (let i = chain.length - 1; i >= 0; i--) {
    const eku = chain[i]!.extKeyUsage;
    if (eku.length === 0 || eku.includes(Oid.ekuAny)) continue;
    remaining = remaining.filter((u) => eku.includes(u));
    if (remaining.length === 0) return false;
  }
  return true;
}

function parsePresented(der: Uint8Array): ParsedCertificate {
  try {
    return parseCertificate(der);
  } catch (err) {
    throw new CertificateVerifyError('Malformed', (err as Error).message);
  }
}

/**
 * Verify a presented chain (leaf first, DER) against the pool. Returns the verified chain,
 * leaf to root; throws CertificateVerifyError otherwise.
 */
export function verifyChain(presented: readonly Uint8Array[], pool: CertPool, opts: ChainVerifyOptions = {}): ParsedCertificate[] {
  if (presented.length === 0) throw new CertificateVerifyError('Malformed', 'x509: no certificate presented');
  const now = opts.now ?? Date.now();
  const wanted = opts.keyUsages ?? [Oid.ekuClientAuth];
  const leaf = parsePresented(presented[0]!);
  const intermediates = presented.slice(1).map(parsePresented);
  checkValid(leaf, now, [], false);

  const chains: ParsedCertificate[][] = [];
  let hint: { error: CertificateVerifyError; candidate: ParsedCertificate } | undefined;
  let signatureChecks = 0;

  const extend = (chain: ParsedCertificate[]): void => {
    const cert = chain[chain.length - 1]!;
    if (chain.length > maxChainLength) return;
    const issuerKey = subjectKey(cert.rawIssuer);
    const roots = pool.bySubject.get(issuerKey) ?? [];
    const inters = intermediates.filter((c) => subjectKey(c.rawSubject) === issuerKey);
    const candidates: Array<[ParsedCertificate, boolean]> = [
      ...roots.map((c): [ParsedCertificate, boolean] => [c, true]),
      ...inters.map((c): [ParsedCertificate, boolean] => [c, false]),
    ];
    for (const [candidate, isRoot] of candidates) {
      if (chain.some((c) => sameCert(c, candidate))) continue;
      if (++signatureChecks > maxSignatureChecks) return;
      try {
        checkSignatureFrom(cert, candidate);
        checkValid(candidate, now, chain, !isRoot);
      } catch (err) {
        if (err instanceof CertificateVerifyError && !hint) hint = { error: err, candidate };
        continue;
      }
      if (isRoot) chains.push([...chain, candidate]);
      else extend([...chain, candidate]);
    }
  };

  if (pool.certs.some((root) => sameCert(root, leaf))) chains.push([leaf]);
  else extend([leaf]);

  if (chains.length === 0) {
    let message = 'x509: certificate signed by unknown authority';
    if (hint) {
      const name = hint.candidate.commonName || `serial:${hint.candidate.serialNumber}`;
      message += ` (possibly because of ${JSON.stringify(hint.error.message)} while trying to verify candidate authority certificate ${JSON.stringify(name)})`;
    }
    throw new CertificateVerifyError('UnknownAuthority', message);
  }
  const usable = chains.find((c) => chainAllowsUsages(c, wanted));
  if (!usable) throw new CertificateVerifyError('IncompatibleUsage', 'x509: certificate specifies an incompatible key usage');
  return usable;
}
