import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert, createServingCert, type CertBundle } from './certs.js';
import { PkiError, isPkiError } from './errors.js';
import { certificateInfo } from './info.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let ca: CertBundle;
let otherCa: CertBundle;
let serving: CertBundle;
let client: CertBundle;

beforeAll(() => {
  ca = createCA({ commonName: 'test-ca' });
  otherCa = createCA({ commonName: 'test-ca', validityDays: 1 });
  serving = createServingCert(ca, {
    commonName: 'kube-apiserver',
    dnsNames: ['localhost', 'API.Example.com', '*.svc.example'],
    ipAddresses: ['127.0.0.1', '0:0:0:0:0:0:0:1', '2001:db8::10'],
  });
  client = createClientCert(ca, { user: 'alice@example.com', groups: ['system:masters', 'dev', 'dev'] });
});

describe('createCA', () => {
  it('creates a self-signed CA certificate with SHA-256, an RSA 2048 key and basicConstraints CA:true', () => {
    const x = new X509Certificate(ca.certPem);
    expect(x.ca).toBe(true);
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(x.toLegacyObject().subject).toMatchObject({ CN: 'test-ca' });
    expect(ca.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(ca.cert.signatureOid).toBe('1.2.840.113549.1.1.11'); // sha256WithRSAEncryption
  });

  it('backdates notBefore by a minute and uses random positive serial numbers', () => {
    const info = certificateInfo(ca.certPem);
    expect(info.notBefore.getTime()).toBeLessThan(Date.now() - 30_000);
    expect(info.notAfter.getTime() - info.notBefore.getTime()).toBeGreaterThan(3649 * 86_400_000);
    const serials = [ca, otherCa, serving, client].map((b) => new X509Certificate(b.certPem).serialNumber);
    expect(new Set(serials).size).toBe(4);
    for (const s of serials) expect(parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80);
  });
});

describe('createServingCert', () => {
  it('is issued and signed by the CA, and not by another CA with the same name', () => {
    const x = new X509Certificate(serving.certPem);
    const issuer = new X509Certificate(ca.certPem);
    expect(x.checkIssued(issuer)).toBe(true);
    expect(x.verify(issuer.publicKey)).toBe(true);
    expect(x.verify(new X509Certificate(otherCa.certPem).publicKey)).toBe(false);
    expect(x.ca).toBe(false);
  });

  it('carries DNS and IPv4/IPv6 subjectAltNames and the serverAuth usage', () => {
    const x = new X509Certificate(serving.certPem);
    expect(x.subjectAltName).toContain('DNS:localhost');
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkHost('api.example.com')).toBe('api.example.com');
    expect(x.checkHost('web.svc.example')).toBe('*.svc.example');
    expect(x.checkHost('example.org')).toBeUndefined();
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkIP('::1')).toBe('::1');
    expect(x.checkIP('2001:db8::10')).toBe('2001:db8::10');
    expect(x.checkIP('10.0.0.1')).toBeUndefined();
    expect(x.keyUsage).toEqual([SERVER_AUTH]);
  });

  it('links to the CA with an authorityKeyIdentifier equal to the CA subjectKeyIdentifier', () => {
    // Read both back from the encoded certificates, not from the objects that built them.
    const ski = forge.pki.certificateFromPem(ca.certPem).getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier: string };
    const aki = forge.pki.certificateFromPem(serving.certPem).getExtension('authorityKeyIdentifier') as { value: string };
    expect(ski.subjectKeyIdentifier).toMatch(/^[0-9a-f]{40}$/);
    // The extension value is SEQUENCE { [0] keyIdentifier }; the 20 key-id bytes end it.
    expect(Buffer.from(aki.value, 'binary').subarray(-20).toString('hex')).toBe(ski.subjectKeyIdentifier);
  });

  it('rejects missing names, IPs in dnsNames, malformed addresses and non-positive validity', () => {
    const bad = [
      { commonName: 'x', dnsNames: [], ipAddresses: [] },
      { commonName: 'x', dnsNames: ['10.0.0.1'], ipAddresses: [] },
      { commonName: 'x', dnsNames: ['bad name'], ipAddresses: [] },
      { commonName: 'x', dnsNames: [], ipAddresses: ['localhost'] },
      { commonName: '', dnsNames: ['a'], ipAddresses: [] },
      { commonName: 'x', dnsNames: ['a'], ipAddresses: [], validityDays: 0 },
    ];
    for (const options of bad) {
      expect(() => createServingCert(ca, options), JSON.stringify(options)).toThrow(
        expect.objectContaining({ name: 'PkiError', code: 'InvalidOptions' }),
      );
    }
  });

  it('refuses to sign with a certificate that is not a CA', () => {
    let caught: unknown;
    try {
      createServingCert(serving, { commonName: 'x', dnsNames: ['a'], ipAddresses: [] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PkiError);
    expect(isPkiError(caught) && caught.code).toBe('NotCA');
  });
});

describe('createClientCert', () => {
  it('maps the user to CN and each group to one O, with the clientAuth usage', () => {
    const x = new X509Certificate(client.certPem);
    expect(x.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(x.toLegacyObject().subject).toMatchObject({ CN: 'alice@example.com', O: ['system:masters', 'dev'] });
    expect(x.keyUsage).toEqual([CLIENT_AUTH]);
  });

  it('caps the lifetime at the CA notAfter', () => {
    const short = createClientCert(otherCa, { user: 'bob', groups: [] });
    expect(certificateInfo(short.certPem).notAfter).toEqual(certificateInfo(otherCa.certPem).notAfter);
    expect(certificateInfo(short.certPem).organizations).toEqual([]);
  });
});

describe('certificateInfo', () => {
  it('reports subject, SANs in canonical form, CA flag and usages by name', () => {
    expect(certificateInfo(serving.certPem)).toMatchObject({
      commonName: 'kube-apiserver',
      issuerCommonName: 'test-ca',
      organizations: [],
      dnsNames: ['localhost', 'api.example.com', '*.svc.example'],
      ipAddresses: ['127.0.0.1', '::1', '2001:db8::10'],
      isCA: false,
      extKeyUsage: ['serverAuth'],
    });
    expect(certificateInfo(client.certPem)).toMatchObject({
      commonName: 'alice@example.com',
      organizations: ['system:masters', 'dev'],
      extKeyUsage: ['clientAuth'],
    });
    expect(certificateInfo(ca.certPem).isCA).toBe(true);
  });

  it('throws InvalidPem for text that is not a certificate', () => {
    expect(() => certificateInfo('-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n')).toThrow(
      expect.objectContaining({ code: 'InvalidPem' }),
    );
  });
});
