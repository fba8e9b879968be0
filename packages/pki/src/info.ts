/**
 * Reads the facts tests and diagnostics care about out of a PEM certificate. Uses Node's
 * X509Certificate, so it works for any key type, not only the RSA ones this package issues.
 *
 * @example
 * const info = certificateInfo(admin.certPem);
 * // { commonName: 'kubernetes-admin', organizations: ['system:masters'], extKeyUsage: ['clientAuth'], ... }
 */
import { X509Certificate } from 'node:crypto';
import { PkiError } from './errors.js';
import { canonicalIp } from './ip.js';

export interface CertificateInfo {
  /** Subject CN (the Kubernetes user name of a client certificate). */
  commonName: string | undefined;
  /** Subject O values in order (the Kubernetes groups of a client certificate). */
  organizations: string[];
  issuerCommonName: string | undefined;
  dnsNames: string[];
  /** Canonical text: dotted IPv4, RFC 5952 IPv6 ('::1'). */
  ipAddresses: string[];
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Extended key usages by name ('serverAuth', 'clientAuth', ...) or OID when unnamed. */
  extKeyUsage: string[];
  /** Uppercase hex, as Node reports it. */
  serialNumber: string;
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'any',
};

/** Parses `pem` (the first certificate if it holds a chain); throws PkiError InvalidPem. */
export function parseX509(pem: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw new PkiError('InvalidPem', 'not a readable PEM or DER X.509 certificate', { cause: err });
  }
}

export function certificateInfo(pem: string | Buffer): CertificateInfo {
  const x509 = parseX509(pem);
  const legacy = x509.toLegacyObject();
  const sans = parseSubjectAltName(x509.subjectAltName ?? '');
  return {
    commonName: values(legacy.subject, 'CN')[0],
    organizations: values(legacy.subject, 'O'),
    issuerCommonName: values(legacy.issuer, 'CN')[0],
    dnsNames: sans.filter((s) => s.type === 'DNS').map((s) => s.value),
    ipAddresses: sans.filter((s) => s.type === 'IP Address').map((s) => canonicalIp(s.value) ?? s.value),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    isCA: x509.ca,
    extKeyUsage: (x509.keyUsage ?? []).map((oid) => EKU_NAMES[oid] ?? oid),
    serialNumber: x509.serialNumber,
  };
}

function values(name: unknown, key: string): string[] {
  if (typeof name !== 'object' || name === null) return [];
  const v: unknown = (name as Record<string, unknown>)[key];
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Splits Node's subjectAltName text ("DNS:a, IP Address:1.2.3.4") into entries. Node writes a
 * value containing separators as a JSON string (DNS:"a, b"), which we decode.
 */
export function parseSubjectAltName(text: string): Array<{ type: string; value: string }> {
  const out: Array<{ type: string; value: string }> = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end += 1;
      value = JSON.parse(text.slice(colon + 1, end)) as string;
    } else {
      end = text.indexOf(', ', colon);
      if (end < 0) end = text.length;
      value = text.slice(colon + 1, end);
    }
    out.push({ type, value });
    i = end + (text.startsWith(', ', end) ? 2 : 0);
  }
  return out;
}
