import { beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert, intermediateCA, reissue, type CertBundle } from '../testdata/certs.js';
import { Tag, readOid, readTime, type DerElement } from './der.js';
import { parseCertificate } from './parse.js';
import { CertificateVerifyError, certPool, pemCertificates, verifyChain } from './verify.js';

const der = (pem: string) => pemCertificates(pem)[0]!;

function verifyError(fn: () => unknown): CertificateVerifyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertificateVerifyError) return e;
    throw e;
  }
  throw new Error('expected verification to fail');
}

let root: CertBundle;
beforeAll(() => {
  root = createCA({ commonName: 'root' });
});

describe('verifyChain', () => {
  it('enforces a root path length constraint of 0 against an intermediate', () => {
    const strictRoot = reissue(root, root, {
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
        { name: 'keyUsage', critical: true, keyCertSign: true, digitalSignature: true },
        { name: 'subjectKeyIdentifier' },
      ],
    });
    const intermediate = intermediateCA(strictRoot);
    const leaf = createClientCert(intermediate, { user: 'alice', groups: [] });
    const direct = createClientCert(strictRoot, { user: 'bob', groups: [] });
    const pool = certPool(strictRoot.certPem);
    expect(verifyChain([der(direct.certPem)], pool).map((c) => c.commonName)).toEqual(['bob', 'root']);
    const err = verifyError(() => verifyChain([der(leaf.certPem), der(intermediate.certPem)], pool));
    expect(err.code).toBe('UnknownAuthority');
    expect(err.message).toContain('too many intermediates');
  });

  it('refuses a chain ending at a root that has expired', () => {
    const leaf = createClientCert(root, { user: 'alice', groups: [] });
    const pool = certPool(root.certPem);
    const later = Date.now() + 20 * 365 * 86_400_000;
    expect(verifyChain([der(leaf.certPem)], pool).length).toBe(2);
    expect(verifyError(() => verifyChain([der(leaf.certPem)], pool, { now: later })).code).toBe('Expired');
  });

  it('accepts a leaf that is itself in the pool', () => {
    const leaf = createClientCert(root, { user: 'pinned', groups: [] });
    expect(verifyChain([der(leaf.certPem)], certPool(leaf.certPem)).map((c) => c.commonName)).toEqual(['pinned']);
  });

  it('honours the requested key usages', () => {
    const leaf = createClientCert(root, { user: 'alice', groups: [] });
    const err = verifyError(() => verifyChain([der(leaf.certPem)], certPool(root.certPem), { keyUsages: ['1.3.6.1.5.5.7.3.1'] }));
    expect(err.code).toBe('IncompatibleUsage');
  });
});

describe('parseCertificate', () => {
  it('reads the last CN and every O in order, as Go does', () => {
    const c = createClientCert(root, { user: 'first', groups: ['o1', 'o2'] });
    const twoCNs = reissue(c, root, {
      subject: [
        { name: 'commonName', value: 'first' },
        { name: 'organizationName', value: 'o1' },
        { name: 'organizationName', value: 'o2' },
        { name: 'commonName', value: 'last' },
      ],
    });
    const parsed = parseCertificate(der(twoCNs.certPem));
    expect(parsed.commonName).toBe('last');
    expect(parsed.organizations).toEqual(['o1', 'o2']);
    expect(parsed.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(parsed.basicConstraintsValid && !parsed.isCA).toBe(true);
  });
});

describe('der', () => {
  const el = (bytes: Uint8Array, tag: number): DerElement => ({ tag, offset: 0, start: 0, end: bytes.length });

  it('decodes object identifiers', () => {
    const oid = Uint8Array.from([0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02]);
    expect(readOid(oid, el(oid, Tag.oid))).toBe('1.3.6.1.5.5.7.3.2');
  });

  it('reads UTCTime with the 1950-2049 window and GeneralizedTime, and refuses impossible dates', () => {
    const t = (s: string) => new TextEncoder().encode(s);
    expect(new Date(readTime(t('491231235959Z'), el(t('491231235959Z'), Tag.utcTime))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(new Date(readTime(t('500101000000Z'), el(t('500101000000Z'), Tag.utcTime))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(new Date(readTime(t('20500101000000Z'), el(t('20500101000000Z'), Tag.generalizedTime))).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(() => readTime(t('230230000000Z'), el(t('230230000000Z'), Tag.utcTime))).toThrow('invalid time');
    expect(() => readTime(t('2301010000Z'), el(t('2301010000Z'), Tag.utcTime))).toThrow('invalid time');
  });
});
