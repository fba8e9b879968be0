/**
 * Parsing X.509 certificates for client-certificate verification: node:crypto's
 * `X509Certificate` checks the encoding and signatures; the DER reader supplies the fields Go's
 * `x509.Certificate` has and Node does not expose (raw names, CN/O the way Go reads them,
 * basic constraints with path length, key usage, extended key usage, critical extensions).
 *
 * @example
 * const cert = parseCertificate(req.peerCertificates[0].raw);
 * cert.commonName; cert.organizations; cert.extKeyUsage;
 */
import { X509Certificate } from 'node:crypto';
import {
  DerError,
  Tag,
  children,
  content,
  encoding,
  expectTag,
  readBigInt,
  readBitString,
  readBoolean,
  readDirectoryString,
  readElement,
  readOid,
  readSmallInt,
  readTime,
  type DerElement,
} from './der.js';

export const Oid = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyId: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  ekuAny: '2.5.29.37.0',
  ekuServerAuth: '1.3.6.1.5.5.7.3.1',
  ekuClientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** Extensions Go's x509 parser understands; any other critical extension fails verification. */
const handledExtensions = new Set<string>([
  Oid.subjectKeyId,
  Oid.keyUsage,
  Oid.subjectAltName,
  Oid.basicConstraints,
  Oid.nameConstraints,
  Oid.crlDistributionPoints,
  Oid.certificatePolicies,
  Oid.policyMappings,
  Oid.authorityKeyId,
  Oid.policyConstraints,
  Oid.extKeyUsage,
  Oid.inhibitAnyPolicy,
  Oid.authorityInfoAccess,
]);

/** Signature algorithms Go refuses when verifying a chain (MD2, MD5, SHA-1, DSA). */
const insecureSignatureAlgorithms = new Set<string>([
  '1.2.840.113549.1.1.2',
  '1.2.840.113549.1.1.4',
  '1.2.840.113549.1.1.5',
  '1.2.840.10045.4.1',
  '1.2.840.10040.4.3',
  '2.16.840.1.101.3.4.3.1',
  '2.16.840.1.101.3.4.3.2',
]);

export interface ParsedCertificate {
  x509: X509Certificate;
  raw: Uint8Array;
  version: number;
  serialNumber: bigint;
  signatureAlgorithm: string;
  /** DER of the issuer and subject Names, compared byte for byte when building chains. */
  rawIssuer: Uint8Array;
  rawSubject: Uint8Array;
  /** The last CN of the subject (as Go's pkix.Name), '' when there is none. */
  commonName: string;
  /** Every O of the subject, in order. */
  organizations: string[];
  notBefore: number;
  notAfter: number;
  basicConstraintsValid: boolean;
  isCA: boolean;
  /** -1 when absent. */
  maxPathLen: number;
  /** The key usage bits, or null when the extension is absent. */
  keyUsage: Uint8Array | null;
  /** Extended key usage OIDs; empty when the extension is absent. */
  extKeyUsage: string[];
  subjectKeyId: Uint8Array;
  authorityKeyId: Uint8Array;
  unhandledCriticalExtensions: string[];
  insecureSignature: boolean;
}

function readName(bytes: Uint8Array, name: DerElement): { cn: string; o: string[] } {
  expectTag(name, Tag.sequence, 'Name');
  let cn = '';
  const o: string[] = [];
  for (const rdn of children(bytes, name)) {
    expectTag(rdn, Tag.set, 'RelativeDistinguishedName');
    for (const atv of children(bytes, rdn)) {
      expectTag(atv, Tag.sequence, 'AttributeTypeAndValue');
      const [type, value] = children(bytes, atv);
      const oid = readOid(bytes, expectTag(type, Tag.oid, 'attribute type'));
      if (!value) throw new DerError('attribute without a value');
      const text = readDirectoryString(bytes, value);
      if (oid === Oid.commonName) cn = text;
      else if (oid === Oid.organization) o.push(text);
    }
  }
  return { cn, o };
}

function applyExtension(out: ParsedCertificate, oid: string, value: Uint8Array): void {
  const el = readElement(value, 0);
  if (el.end !== value.length) throw new DerError('trailing data in extension');
  switch (oid) {
    case Oid.basicConstraints: {
      const [first, second] = children(value, expectTag(el, Tag.sequence, 'BasicConstraints'));
      out.basicConstraintsValid = true;
      let pathLen = first;
      if (first?.tag === Tag.boolean) {
        out.isCA = readBoolean(value, first);
        pathLen = second;
      }
      if (pathLen) out.maxPathLen = readSmallInt(value, pathLen);
      return;
    }
    case Oid.keyUsage:
      out.keyUsage = readBitString(value, el);
      return;
    case Oid.extKeyUsage:
      out.extKeyUsage = children(value, expectTag(el, Tag.sequence, 'ExtKeyUsage')).map((e) => readOid(value, e));
      return;
    case Oid.subjectKeyId:
      out.subjectKeyId = content(value, expectTag(el, Tag.octetString, 'SubjectKeyIdentifier'));
      return;
    case Oid.authorityKeyId: {
      const keyId = children(value, expectTag(el, Tag.sequence, 'AuthorityKeyIdentifier')).find((e) => e.tag === 0x80);
      if (keyId) out.authorityKeyId = content(value, keyId);
      return;
    }
  }
}

/** Parse a DER certificate. Throws for anything node:crypto or the DER reader cannot read. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const x509 = new X509Certificate(der);
  const raw = new Uint8Array(x509.raw);
  const [tbs, sigAlg] = children(raw, expectTag(readElement(raw, 0), Tag.sequence, 'Certificate'));
  const fields = children(raw, expectTag(tbs, Tag.sequence, 'TBSCertificate'));
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const [v] = children(raw, fields[0]);
    version = readSmallInt(raw, expectTag(v, Tag.integer, 'version')) + 1;
    i = 1;
  }
  const serial = expectTag(fields[i], Tag.integer, 'serialNumber');
  const issuer = expectTag(fields[i + 2], Tag.sequence, 'issuer');
  const validity = children(raw, expectTag(fields[i + 3], Tag.sequence, 'validity'));
  const subject = expectTag(fields[i + 4], Tag.sequence, 'subject');
  const [algOid] = children(raw, expectTag(sigAlg, Tag.sequence, 'signatureAlgorithm'));
  const signatureAlgorithm = readOid(raw, expectTag(algOid, Tag.oid, 'signature algorithm'));
  readName(raw, issuer);
  const { cn, o } = readName(raw, subject);
  if (validity.length !== 2) throw new DerError('invalid validity');
  const out: ParsedCertificate = {
    x509,
    raw,
    version,
    serialNumber: readBigInt(raw, serial),
    signatureAlgorithm,
    rawIssuer: encoding(raw, issuer),
    rawSubject: encoding(raw, subject),
    commonName: cn,
    organizations: o,
    notBefore: readTime(raw, validity[0]!),
    notAfter: readTime(raw, validity[1]!),
    basicConstraintsValid: false,
    isCA: false,
    maxPathLen: -1,
    keyUsage: null,
    extKeyUsage: [],
    subjectKeyId: new Uint8Array(),
    authorityKeyId: new Uint8Array(),
    unhandledCriticalExtensions: [],
    insecureSignature: insecureSignatureAlgorithms.has(signatureAlgorithm),
  };
  const extensions = fields.slice(i + 6).find((f) => f.tag === 0xa3);
  if (extensions) {
    const [list] = children(raw, extensions);
    for (const ext of children(raw, expectTag(list, Tag.sequence, 'Extensions'))) {
      const parts = children(raw, expectTag(ext, Tag.sequence, 'Extension'));
      const oid = readOid(raw, parts[0]!);
      const critical = parts.length === 3 ? readBoolean(raw, parts[1]!) : false;
      const value = content(raw, expectTag(parts[parts.length - 1], Tag.octetString, 'extnValue'));
      if (critical && !handledExtensions.has(oid)) out.unhandledCriticalExtensions.push(oid);
      applyExtension(out, oid, value);
    }
  }
  return out;
}

/** Does the key usage extension (if present) allow signing certificates (keyCertSign, bit 5)? */
export function canSignCertificates(cert: ParsedCertificate): boolean {
  if (!cert.keyUsage) return true;
  const bits = cert.keyUsage;
  const anySet = bits.some((b) => b !== 0);
  if (!anySet) return true; // Go treats an all-zero key usage as absent.
  return ((bits[0] ?? 0) & 0x04) !== 0;
}

function colonHex(b: Uint8Array): string {
  return (Buffer.from(b).toString('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/** kube's certificate identifier for log messages: `SN=<decimal>, SKID=AA:BB, AKID=CC:DD`. */
export function certificateIdentifier(cert: ParsedCertificate): string {
  return `SN=${cert.serialNumber}, SKID=${colonHex(cert.subjectKeyId)}, AKID=${colonHex(cert.authorityKeyId)}`;
}
