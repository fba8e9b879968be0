import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readKubeconfigConnection } from './kubeconfig-connection.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('readKubeconfigConnection', () => {
  it('resolves file references against baseDir, and lets *-data win over a file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubeconfig-'));
    await writeFile(join(dir, 'ca.crt'), 'CA FROM FILE');
    await writeFile(join(dir, 'token'), 'secret-token\n');
    const yaml = `
clusters: [{ name: c, cluster: { server: https://wh.example:8443/authorize, certificate-authority: ca.crt } }]
users: [{ name: u, user: { tokenFile: token, client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')}, client-certificate: missing.crt } }]
`;
    expect(readKubeconfigConnection(yaml, { baseDir: dir })).toEqual({
      url: 'https://wh.example:8443/authorize',
      caPem: 'CA FROM FILE',
      clientCertPem: 'CERT',
      clientKeyPem: 'KEY',
      bearerToken: 'secret-token',
    });
  });

  it('names the file "kubeconfig" in its errors unless given a label, and passes file-system errors through', async () => {
    expect(() => readKubeconfigConnection('clusters: []')).toThrow(new TypeError('kubeconfig: no cluster'));
    expect(() => readKubeconfigConnection('clusters: []', { label: 'audit webhook kubeconfig' })).toThrow(new TypeError('audit webhook kubeconfig: no cluster'));
    const missingFile = 'clusters: [{ name: c, cluster: { server: https://x/, certificate-authority: nope.crt } }]';
    expect(() => readKubeconfigConnection(missingFile, { baseDir: '/nonexistent' })).toThrow(/ENOENT/);
  });
});
