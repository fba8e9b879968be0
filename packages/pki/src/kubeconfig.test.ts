import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert, type CertBundle } from './certs.js';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig.js';

const run = promisify(execFile);
const b64 = (s: string) => Buffer.from(s).toString('base64');

interface KubectlConfig {
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data'?: string } }>;
  users: Array<{ name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
  'current-context': string;
}

async function kubectlView(file: string): Promise<KubectlConfig> {
  const { stdout } = await run('kubectl', ['config', 'view', '--kubeconfig', file, '--raw', '-o', 'json']);
  return JSON.parse(stdout) as KubectlConfig;
}

let dir: string;
let ca: CertBundle;
let admin: CertBundle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pki-kubeconfig-'));
  ca = createCA({ commonName: 'kubernetes' });
  admin = createClientCert(ca, { user: 'kubernetes-admin', groups: ['system:masters'] });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kubeconfigYaml', () => {
  it('embeds the CA and client credentials as base64 and names things after the certificate CN', () => {
    const doc = parse(
      kubeconfigYaml({ server: 'https://127.0.0.1:6443', caPem: ca.certPem, clientCertPem: admin.certPem, clientKeyPem: admin.keyPem }),
    ) as KubectlConfig & { apiVersion: string; kind: string };
    expect(doc).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'kubernetes', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(ca.certPem) } }],
      users: [{ name: 'kubernetes-admin', user: { 'client-certificate-data': b64(admin.certPem), 'client-key-data': b64(admin.keyPem) } }],
      contexts: [{ name: 'kubernetes-admin@kubernetes', context: { cluster: 'kubernetes', user: 'kubernetes-admin' } }],
      'current-context': 'kubernetes-admin@kubernetes',
    });
  });

  it('rejects a relative server URL, a certificate without its key, and a certificate with a token', () => {
    const bad = [
      { server: '127.0.0.1:6443' },
      { server: 'https://h', clientCertPem: admin.certPem },
      { server: 'https://h', clientCertPem: admin.certPem, clientKeyPem: admin.keyPem, token: 't' },
    ];
    for (const options of bad) expect(() => kubeconfigYaml(options)).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('writeKubeconfig', () => {
  it('writes a 0600 file that kubectl reads back with the server, CA and client certificate', async () => {
    const file = join(dir, 'nested', 'admin.kubeconfig');
    await writeKubeconfig(file, {
      server: 'https://[::1]:6443',
      caPem: ca.certPem,
      clientCertPem: admin.certPem,
      clientKeyPem: admin.keyPem,
      clusterName: 'lite',
      namespace: 'team-a',
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const view = await kubectlView(file);
    expect(view['current-context']).toBe('kubernetes-admin@lite');
    expect(view.clusters[0]?.cluster.server).toBe('https://[::1]:6443');
    expect(view.clusters[0]?.cluster['certificate-authority-data']).toBe(b64(ca.certPem));
    expect(view.users[0]?.user['client-certificate-data']).toBe(b64(admin.certPem));
    expect(view.users[0]?.user['client-key-data']).toBe(b64(admin.keyPem));
    expect(view.contexts[0]?.context).toEqual({ cluster: 'lite', user: 'kubernetes-admin', namespace: 'team-a' });
  });

  it('writes a token user that kubectl reads back', async () => {
    const file = join(dir, 'token.kubeconfig');
    await writeKubeconfig(file, { server: 'https://localhost:6443', caPem: ca.certPem, token: 'abc.def', userName: 'bot', contextName: 'ci' });
    const view = await kubectlView(file);
    expect(view['current-context']).toBe('ci');
    expect(view.users).toEqual([{ name: 'bot', user: { token: 'abc.def' } }]);
  });
});
