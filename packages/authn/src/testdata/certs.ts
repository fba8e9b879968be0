/**
 * Certificates for the authn tests, generated per run: the ordinary ones by
 * @apiserver-kit/pki, and the odd ones pki refuses to make (expired, intermediate CAs, empty
 * CN, no extended key usage, SHA-1) by re-signing a pki certificate with node-forge.
 */
import forge from 'node-forge';
import { createCA, createClientCert, createServingCert, type CertBundle } from '@apiserver-kit/pki';

export type { CertBundle };
export { createCA, createClientCert, createServingCert };

const DAY = 86_400_000;

interface Tweak {
  notBefore?: Date;
  notAfter?: Date;
  subject?: forge.pki.CertificateField[];
  extensions?: object[];
  md?: 'sha1' | 'sha256';
}

/** Re-issue `bundle` (same key) signed by `issuer`, with the given changes. */
export function reissue(bundle: CertBundle, issuer: CertBundle, tweak: Tweak): CertBundle {
  const cert = forge.pki.createCertificate();
  cert.publicKey = bundle.cert.publicKey;
  cert.serialNumber = bundle.cert.serialNumber;
  cert.validity.notBefore = tweak.notBefore ?? bundle.cert.validity.notBefore;
  cert.validity.notAfter = tweak.notAfter ?? bundle.cert.validity.notAfter;
  cert.setSubject(tweak.subject ?? bundle.cert.subject.attributes);
  cert.setIssuer(issuer.cert.subject.attributes);
  cert.setExtensions(tweak.extensions ?? bundle.cert.extensions);
  cert.sign(issuer.key, tweak.md === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: bundle.keyPem, cert, key: bundle.key };
}

/** A client certificate whose validity ended yesterday. */
export function expiredClientCert(ca: CertBundle, user = 'expired-user'): CertBundle {
  const c = createClientCert(ca, { user, groups: [] });
  return reissue(c, ca, { notBefore: new Date(Date.now() - 10 * DAY), notAfter: new Date(Date.now() - DAY) });
}

/** An intermediate CA signed by `root`. */
export function intermediateCA(root: CertBundle, commonName = 'intermediate-ca'): CertBundle {
  return reissue(createCA({ commonName }), root, {});
}

/** A client certificate with O values but no CN. */
export function noCommonNameClientCert(ca: CertBundle): CertBundle {
  const c = createClientCert(ca, { user: 'placeholder', groups: ['team'] });
  return reissue(c, ca, { subject: [{ name: 'organizationName', value: 'team' }] });
}

/** A leaf without any extended key usage (Go treats that as "any usage"). */
export function noEkuClientCert(ca: CertBundle, user = 'no-eku'): CertBundle {
  const c = createClientCert(ca, { user, groups: [] });
  return reissue(c, ca, {
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
    ],
  });
}

/** A leaf with an unknown critical extension. */
export function unknownCriticalExtensionCert(ca: CertBundle): CertBundle {
  const c = createClientCert(ca, { user: 'critical', groups: [] });
  return reissue(c, ca, {
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
      { id: '1.2.3.4.5.6.7', critical: true, value: forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '')).getBytes() },
    ],
  });
}

/** A client certificate signed with SHA-1 (Go refuses those). */
export function sha1ClientCert(ca: CertBundle): CertBundle {
  return reissue(createClientCert(ca, { user: 'sha1-user', groups: [] }), ca, { md: 'sha1' });
}
