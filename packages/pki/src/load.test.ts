import { X509Certificate } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert } from './certs.js';
import { certificateInfo } from './info.js';
import { loadOrCreatePki, type Pki } from './load.js';

const HOSTS = ['localhost', '127.0.0.1', '::1'];
let root: string;
let first: Pki;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pki-load-'));
  first = await loadOrCreatePki(join(root, 'base'), { hosts: HOSTS });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A copy of the first directory, so each test can damage its own. */
async function copy(name: string): Promise<string> {
  const dir = join(root, name);
  await cp(first.dir, dir, { recursive: true });
  return dir;
}

describe('loadOrCreatePki', () => {
  it('creates the CA, serving and admin pairs with private keys at mode 0600', async () => {
    expect(first.generated).toEqual(['ca', 'serving', 'admin']);
    for (const part of ['ca', 'serving', 'admin'] as const) {
      expect((await stat(first.files[part].key)).mode & 0o777).toBe(0o600);
      expect(await readFile(first.files[part].cert, 'utf8')).toBe(first[part].certPem);
    }
    const issuer = new X509Certificate(first.ca.certPem);
    expect(issuer.ca).toBe(true);
    expect(new X509Certificate(first.serving.certPem).verify(issuer.publicKey)).toBe(true);
    expect(certificateInfo(first.serving.certPem)).toMatchObject({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
    expect(certificateInfo(first.admin.certPem)).toMatchObject({
      commonName: 'kubernetes-admin',
      organizations: ['system:masters'],
      extKeyUsage: ['clientAuth'],
    });
  });

  it('reads everything back unchanged on the next run', async () => {
    const again = await loadOrCreatePki(first.dir, { hosts: ['::1', 'LOCALHOST'] });
    expect(again.generated).toEqual([]);
    expect(again.ca.certPem).toBe(first.ca.certPem);
    expect(again.serving.keyPem).toBe(first.serving.keyPem);
    expect(again.admin.certPem).toBe(first.admin.certPem);
  });

  it('reissues only the serving certificate when a requested host is not covered, keeping old names', async () => {
    const dir = await copy('more-hosts');
    const pki = await loadOrCreatePki(dir, { hosts: ['api.example.com', '10.0.0.7'] });
    expect(pki.generated).toEqual(['serving']);
    expect(pki.ca.certPem).toBe(first.ca.certPem);
    const x = new X509Certificate(pki.serving.certPem);
    expect(x.verify(new X509Certificate(first.ca.certPem).publicKey)).toBe(true);
    for (const host of ['api.example.com', 'localhost']) expect(x.checkHost(host)).toBe(host);
    for (const ip of ['10.0.0.7', '127.0.0.1', '::1']) expect(x.checkIP(ip)).toBe(ip);
  });

  it('reissues a leaf that expires within a day or was signed by another CA', async () => {
    const dir = await copy('stale-leaves');
    const stranger = createCA({ commonName: 'kubernetes' });
    const expiring = createClientCert(first.ca, { user: 'kubernetes-admin', groups: ['system:masters'], validityDays: 0.5 });
    await writeFile(join(dir, 'admin.crt'), expiring.certPem);
    await writeFile(join(dir, 'admin.key'), expiring.keyPem);
    await writeFile(join(dir, 'serving.crt'), stranger.certPem);
    await writeFile(join(dir, 'serving.key'), stranger.keyPem);
    const pki = await loadOrCreatePki(dir, { hosts: HOSTS });
    expect(pki.generated.sort()).toEqual(['admin', 'serving']);
    expect(certificateInfo(pki.admin.certPem).notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect(new X509Certificate(pki.serving.certPem).checkIssued(new X509Certificate(first.ca.certPem))).toBe(true);
  });

  it('creates a new CA and reissues both leaves when the CA files are gone', async () => {
    const dir = await copy('new-ca');
    await rm(join(dir, 'ca.crt'));
    await rm(join(dir, 'ca.key'));
    await writeFile(join(dir, 'admin.key'), 'garbage'); // never read: the leaves are replaced
    const pki = await loadOrCreatePki(dir, { hosts: HOSTS });
    expect(pki.generated).toEqual(['ca', 'serving', 'admin']);
    expect(pki.ca.certPem).not.toBe(first.ca.certPem);
    expect(new X509Certificate(pki.admin.certPem).verify(new X509Certificate(pki.ca.certPem).publicKey)).toBe(true);
  });

  it('throws IncompletePki when only one CA file exists', async () => {
    const dir = await copy('no-ca-key');
    await rm(join(dir, 'ca.key'));
    await expect(loadOrCreatePki(dir, { hosts: HOSTS })).rejects.toMatchObject({ name: 'PkiError', code: 'IncompletePki' });
  });

  it('throws KeyMismatch when a key file does not belong to its certificate', async () => {
    const dir = await copy('swapped-key');
    await cp(join(dir, 'serving.key'), join(dir, 'ca.key'));
    await expect(loadOrCreatePki(dir, { hosts: HOSTS })).rejects.toMatchObject({ code: 'KeyMismatch' });
  });

  it('throws InvalidOptions for an empty host list or a malformed host, before writing anything', async () => {
    const dir = join(root, 'unused');
    await expect(loadOrCreatePki(dir, { hosts: [] })).rejects.toMatchObject({ code: 'InvalidOptions' });
    await expect(loadOrCreatePki(dir, { hosts: ['localhost', 'not a host'] })).rejects.toMatchObject({ code: 'InvalidOptions' });
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
