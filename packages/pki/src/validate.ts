/**
 * Option checks and small certificate predicates shared by the issuing and loading code.
 *
 * @example
 * validateDnsName('*.example.com'); // '*.example.com'
 * validateDnsName('10.0.0.1');      // throws PkiError InvalidOptions: put IPs in ipAddresses
 */
import forge from 'node-forge';
import { isIP } from 'node:net';
import { PkiError } from './errors.js';

// Letters, digits, '-', '_' per label; an optional leading '*.' wildcard label.
const DNS_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Returns the (lowercased) name or throws PkiError InvalidOptions. */
export function validateDnsName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253) {
    throw new PkiError('InvalidOptions', `dnsNames: ${JSON.stringify(name)} is not a DNS name`);
  }
  if (isIP(name)) {
    throw new PkiError('InvalidOptions', `dnsNames: "${name}" is an IP address; pass it in ipAddresses`);
  }
  if (!DNS_NAME.test(name)) throw new PkiError('InvalidOptions', `dnsNames: "${name}" is not a valid DNS name`);
  return name.toLowerCase();
}

/** The validity in days, defaulting when undefined; throws PkiError InvalidOptions when not positive. */
export function checkValidityDays(days: number | undefined, fallback: number): number {
  if (days === undefined) return fallback;
  if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0) {
    throw new PkiError('InvalidOptions', `validityDays must be a positive number, got ${String(days)}`);
  }
  return days;
}

/** True when the certificate carries basicConstraints CA:true. */
export function isCACert(cert: forge.pki.Certificate): boolean {
  const ext = cert.getExtension('basicConstraints') as { cA?: unknown } | undefined;
  return ext?.cA === true;
}

/** The CA's subjectKeyIdentifier bytes (binary string), computed from its key when absent. */
export function caKeyIdentifier(cert: forge.pki.Certificate): string {
  const ext = cert.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: unknown } | undefined;
  if (typeof ext?.subjectKeyIdentifier === 'string') return forge.util.hexToBytes(ext.subjectKeyIdentifier);
  return cert.generateSubjectKeyIdentifier().getBytes();
}
