/**
 * Issuing certificates: a self-signed CA, serving certificates with DNS/IP subjectAltNames,
 * and client certificates that Kubernetes maps to a user (CN) and groups (one O each).
 * RSA keys, SHA-256 signatures, random positive serials, notBefore one minute in the past.
 *
 * @example
 * const ca = createCA({ commonName: 'kubernetes' });
 * const serving = createServingCert(ca, { commonName: 'kube-apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
 * const admin = createClientCert(ca, { user: 'kubernetes-admin', groups: ['system:masters'] });
 */
import forge from 'node-forge';
import { PkiError } from './errors.js';
import { generateRsaKey, randomSerial } from './keys.js';
import { caKeyIdentifier, checkValidityDays, isCACert, validateDnsName } from './validate.js';
import { ipToBytes } from './ip.js';

/** A certificate and its private key, as PEM text and as node-forge objects. */
export interface CertBundle {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

/** What signing needs: the CA certificate and its key. A {@link CertBundle} is one. */
export interface Signer {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

interface CommonOptions {
  /** Lifetime in days; CA default 3650, leaf default 365 (capped at the CA's notAfter). */
  validityDays?: number;
  /** RSA modulus size, 2048 (default) to 8192. */
  keyBits?: number;
}

export interface CAOptions extends CommonOptions {
  commonName: string;
}

export interface ServingCertOptions extends CommonOptions {
  commonName: string;
  dnsNames: string[];
  ipAddresses: string[];
}

export interface ClientCertOptions extends CommonOptions {
  /** Becomes the subject CN, which Kubernetes reads as the user name. */
  user: string;
  /** One subject O per group, which Kubernetes reads as the user's groups. */
  groups: string[];
}

const CLOCK_SKEW_MS = 60_000;
const DAY_MS = 86_400_000;
// node-forge types valueTagClass as asn1.Class, but it holds the universal tag: UTF8String
// keeps names like "alice@example.com" valid (PrintableString, forge's default, has no '@').
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

function subject(commonName: string, organizations: string[] = []): forge.pki.CertificateField[] {
  return [
    ...organizations.map((value) => ({ name: 'organizationName', value, valueTagClass: UTF8 })),
    { name: 'commonName', value: commonName, valueTagClass: UTF8 },
  ];
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PkiError('InvalidOptions', `${field} must be a non-empty string`);
  }
  return value;
}

function newCert(key: { publicKey: forge.pki.PublicKey }, days: number, notAfterCap?: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = randomSerial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - CLOCK_SKEW_MS);
  const notAfter = new Date(now + days * DAY_MS);
  cert.validity.notAfter = notAfterCap && notAfterCap < notAfter ? notAfterCap : notAfter;
  return cert;
}

function finish(cert: forge.pki.Certificate, signingKey: forge.pki.rsa.PrivateKey, keyPem: string, key: forge.pki.rsa.PrivateKey): CertBundle {
  cert.sign(signingKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key };
}

/** A self-signed CA: basicConstraints CA:true (critical), keyCertSign + cRLSign + digitalSignature. */
export function createCA(options: CAOptions): CertBundle {
  const commonName = nonEmpty(options.commonName, 'commonName');
  const days = checkValidityDays(options.validityDays, 3650);
  const generated = generateRsaKey(options.keyBits);
  const cert = newCert(generated, days);
  cert.setSubject(subject(commonName));
  cert.setIssuer(subject(commonName));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return finish(cert, generated.key, generated.keyPem, generated.key);
}

function leaf(ca: Signer, commonName: string, organizations: string[], options: CommonOptions, extensions: object[]): CertBundle {
  if (!isCACert(ca.cert)) {
    throw new PkiError('NotCA', 'the signing certificate is not a CA (basicConstraints CA:true is missing)');
  }
  const days = checkValidityDays(options.validityDays, 365);
  const generated = generateRsaKey(options.keyBits);
  const cert = newCert(generated, days, ca.cert.validity.notAfter);
  cert.setSubject(subject(commonName, organizations));
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    ...extensions,
    { name: 'authorityKeyIdentifier', keyIdentifier: caKeyIdentifier(ca.cert) },
  ]);
  return finish(cert, ca.key, generated.keyPem, generated.key);
}

/** A serverAuth certificate for the given DNS names and IPv4/IPv6 addresses, signed by `ca`. */
export function createServingCert(ca: Signer, options: ServingCertOptions): CertBundle {
  const commonName = nonEmpty(options.commonName, 'commonName');
  const dnsNames = [...new Set((options.dnsNames ?? []).map((n) => validateDnsName(n)))];
  const ips = new Map<string, Uint8Array>();
  for (const ip of options.ipAddresses ?? []) {
    const bytes = ipToBytes(ip);
    if (!bytes) throw new PkiError('InvalidOptions', `ipAddresses: "${ip}" is not an IPv4 or IPv6 address`);
    ips.set(Buffer.from(bytes).toString('hex'), bytes);
  }
  if (dnsNames.length === 0 && ips.size === 0) {
    throw new PkiError('InvalidOptions', 'a serving certificate needs at least one DNS name or IP address');
  }
  const altNames = [
    ...dnsNames.map((value) => ({ type: 2, value })),
    // Raw bytes, not forge's `ip` field: forge's IPv6 text parser is unreliable.
    ...[...ips.values()].map((bytes) => ({ type: 7, value: Buffer.from(bytes).toString('binary') })),
  ];
  return leaf(ca, commonName, [], options, [
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
}

/** A clientAuth certificate with CN = user and one O per group, signed by `ca`. */
export function createClientCert(ca: Signer, options: ClientCertOptions): CertBundle {
  const user = nonEmpty(options.user, 'user');
  if (!Array.isArray(options.groups)) throw new PkiError('InvalidOptions', 'groups must be an array of strings');
  const groups = [...new Set(options.groups.map((g, i) => nonEmpty(g, `groups[${i}]`)))];
  return leaf(ca, user, groups, options, [{ name: 'extKeyUsage', clientAuth: true }]);
}
