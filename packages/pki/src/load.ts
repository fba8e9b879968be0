/**
 * `loadOrCreatePki(dir, { hosts })`: the idempotent startup helper for servers. The first run
 * creates a CA, a serving certificate for `hosts` and an admin client certificate
 * (CN kubernetes-admin, O system:masters); later runs read them back, and reissue a leaf
 * certificate that is missing, expiring within a day, not signed by the CA, or (serving) does
 * not cover every requested host. Keys are written with mode 0600.
 *
 * @example
 * const pki = await loadOrCreatePki('.kube-lite/pki', { hosts: ['localhost', '127.0.0.1', '::1'] });
 * https.createServer({ cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem, requestCert: true });
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';
import { createCA, createClientCert, createServingCert, type CertBundle } from './certs.js';
import { PkiError } from './errors.js';
import { readIfExists, writeFileAtomic } from './files.js';
import { certificateInfo, parseX509 } from './info.js';
import { canonicalIp } from './ip.js';
import { keysMatch, parseRsaKey } from './keys.js';
import { isCACert, validateDnsName } from './validate.js';

export interface PkiOptions {
  /** DNS names and IP addresses the serving certificate must cover. */
  hosts: string[];
  /** Default 'kubernetes' (as kubeadm). Only used when the CA is created. */
  caCommonName?: string;
  /** Default 'kube-apiserver'. */
  servingCommonName?: string;
  /** RSA modulus size for new keys; default 2048. */
  keyBits?: number;
}

export type PkiPart = 'ca' | 'serving' | 'admin';

export interface Pki {
  dir: string;
  ca: CertBundle;
  serving: CertBundle;
  admin: CertBundle;
  /** Paths of the six files. */
  files: Record<PkiPart, { cert: string; key: string }>;
  /** What this call generated (empty when everything was read back). */
  generated: PkiPart[];
}

export const ADMIN_USER = 'kubernetes-admin';
export const ADMIN_GROUP = 'system:masters';
const RENEW_BEFORE_MS = 86_400_000;

export async function loadOrCreatePki(dir: string, options: PkiOptions): Promise<Pki> {
  const hosts = checkHosts(options.hosts);
  const files = {
    ca: { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') },
    serving: { cert: join(dir, 'serving.crt'), key: join(dir, 'serving.key') },
    admin: { cert: join(dir, 'admin.crt'), key: join(dir, 'admin.key') },
  };
  const generated: PkiPart[] = [];
  const save = async (part: PkiPart, bundle: CertBundle) => {
    await writeFileAtomic(files[part].key, bundle.keyPem, 0o600);
    await writeFileAtomic(files[part].cert, bundle.certPem, 0o644);
    generated.push(part);
    return bundle;
  };

  let ca = await readPair(files.ca);
  if (ca === 'partial') {
    throw new PkiError('IncompletePki', `${files.ca.cert} and ${files.ca.key} must both exist; restore the missing one or delete both to create a new CA`);
  }
  if (ca) {
    if (!isCACert(ca.cert)) throw new PkiError('NotCA', `${files.ca.cert} is not a CA certificate (basicConstraints CA:true is missing)`);
    if (ca.cert.validity.notAfter.getTime() <= Date.now()) {
      throw new PkiError('CAExpired', `${files.ca.cert} expired at ${ca.cert.validity.notAfter.toISOString()}; delete ${dir} to create a new CA (clients must then be given new kubeconfigs)`);
    }
  } else {
    ca = await save('ca', createCA({ commonName: options.caCommonName ?? 'kubernetes', keyBits: options.keyBits }));
  }
  const signer = ca;
  const fresh = generated.includes('ca');

  // Leaves of a replaced CA are not even read: they are reissued whatever they hold.
  let serving = fresh ? undefined : await readPair(files.serving);
  const servingInfo = serving && serving !== 'partial' ? certificateInfo(serving.certPem) : undefined;
  if (!serving || serving === 'partial' || !servingInfo || !usable(serving, signer) || !covers(servingInfo, hosts)) {
    // Keep names the old certificate already served, so two configurations sharing a
    // directory do not reissue the certificate back and forth.
    const all = [...hosts, ...(servingInfo ? [...servingInfo.dnsNames, ...servingInfo.ipAddresses] : [])];
    serving = await save('serving', createServingCert(signer, {
      commonName: options.servingCommonName ?? 'kube-apiserver',
      dnsNames: [...new Set(all.filter((h) => !isIP(h)).map((h) => h.toLowerCase()))],
      ipAddresses: all.filter((h) => isIP(h)),
      keyBits: options.keyBits,
    }));
  }

  let admin = fresh ? undefined : await readPair(files.admin);
  if (!admin || admin === 'partial' || !usable(admin, signer)) {
    admin = await save('admin', createClientCert(signer, { user: ADMIN_USER, groups: [ADMIN_GROUP], keyBits: options.keyBits }));
  }

  return { dir, ca, serving, admin, files, generated };
}

function checkHosts(hosts: unknown): string[] {
  if (!Array.isArray(hosts) || hosts.length === 0 || !hosts.every((h) => typeof h === 'string' && h !== '')) {
    throw new PkiError('InvalidOptions', 'hosts must be a non-empty array of DNS names and IP addresses');
  }
  // Validate every name up front, so a bad host fails before anything is written.
  for (const h of hosts as string[]) if (!isIP(h)) validateDnsName(h);
  return hosts as string[];
}

/** Reads a cert/key pair: undefined when neither file exists, 'partial' when one does. */
async function readPair(paths: { cert: string; key: string }): Promise<CertBundle | 'partial' | undefined> {
  const [certPem, keyPem] = await Promise.all([readIfExists(paths.cert), readIfExists(paths.key)]);
  if (certPem === undefined && keyPem === undefined) return undefined;
  if (certPem === undefined || keyPem === undefined) return 'partial';
  parseX509(certPem); // a clear InvalidPem before forge's terser errors
  let cert: forge.pki.Certificate;
  try {
    cert = forge.pki.certificateFromPem(certPem);
  } catch (err) {
    throw new PkiError('UnsupportedKey', `${paths.cert} cannot be read by node-forge (only RSA certificates are supported)`, { cause: err });
  }
  const { key } = parseRsaKey(keyPem, paths.key);
  if (!keysMatch(cert.publicKey, key)) {
    throw new PkiError('KeyMismatch', `${paths.key} is not the private key of ${paths.cert}`);
  }
  return { certPem, keyPem, cert, key };
}

/** Signed by the CA and not expiring within a day. */
function usable(bundle: CertBundle, ca: CertBundle): boolean {
  const leaf = parseX509(bundle.certPem);
  const issuer = parseX509(ca.certPem);
  if (!leaf.checkIssued(issuer) || !leaf.verify(issuer.publicKey)) return false;
  return bundle.cert.validity.notAfter.getTime() - Date.now() > RENEW_BEFORE_MS;
}

function covers(info: { dnsNames: string[]; ipAddresses: string[] }, hosts: string[]): boolean {
  const dns = new Set(info.dnsNames.map((n) => n.toLowerCase()));
  const ips = new Set(info.ipAddresses.map((ip) => canonicalIp(ip) ?? ip));
  return hosts.every((h) => (isIP(h) ? ips.has(canonicalIp(h) ?? h) : dns.has(h.toLowerCase())));
}
