import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWebhookAuthorizerConfig } from './kubeconfig.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'authz-kubeconfig-'));
  await writeFile(join(dir, 'ca.pem'), 'CA PEM');
  await writeFile(join(dir, 'client.pem'), 'CERT PEM');
  await writeFile(join(dir, 'client-key.pem'), 'KEY PEM');
  await writeFile(join(dir, 'token'), 'file-token\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadWebhookAuthorizerConfig', () => {
  it("reads kube's documented example: cluster CA and user client certificate as files relative to the kubeconfig", () => {
    const yaml = `
apiVersion: v1
kind: Config
clusters:
  - name: name-of-remote-authz-service
    cluster:
      certificate-authority: ca.pem
      server: https://authz.example.com/authorize
users:
  - name: name-of-api-server
    user:
      client-certificate: client.pem
      client-key: client-key.pem
current-context: webhook
contexts:
- context:
    cluster: name-of-remote-authz-service
    user: name-of-api-server
  name: webhook
`;
    expect(loadWebhookAuthorizerConfig(yaml, { baseDir: dir })).toEqual({
      url: 'https://authz.example.com/authorize',
      caPem: 'CA PEM',
      clientCertPem: 'CERT PEM',
      clientKeyPem: 'KEY PEM',
    });
  });

  it('reads inline -data fields, a token or a token file, and insecure-skip-tls-verify, without any context', () => {
    const yaml = (user: string) => `
clusters:
- name: hook
  cluster:
    server: https://127.0.0.1:8443/
    certificate-authority-data: ${b64('INLINE CA')}
    insecure-skip-tls-verify: true
users:
- name: me
  user: ${user}
`;
    expect(loadWebhookAuthorizerConfig(yaml('{ token: abc }'))).toEqual({
      url: 'https://127.0.0.1:8443/',
      caPem: 'INLINE CA',
      insecureSkipTlsVerify: true,
      bearerToken: 'abc',
    });
    expect(loadWebhookAuthorizerConfig(yaml('{ tokenFile: token }'), { baseDir: dir }).bearerToken).toBe('file-token');
    expect(
      loadWebhookAuthorizerConfig(yaml(`{ client-certificate-data: ${b64('C')}, client-key-data: ${b64('K')} }`)),
    ).toMatchObject({ clientCertPem: 'C', clientKeyPem: 'K' });
  });

  it('picks the cluster and user of the current context among several', () => {
    const yaml = `
clusters:
- { name: a, cluster: { server: https://a.example/ } }
- { name: b, cluster: { server: https://b.example/ } }
users:
- { name: ua, user: { token: ta } }
- { name: ub, user: { token: tb } }
contexts:
- { name: ctx, context: { cluster: b, user: ub } }
current-context: ctx
`;
    expect(loadWebhookAuthorizerConfig(yaml)).toEqual({ url: 'https://b.example/', bearerToken: 'tb' });
  });

  it.each([
    ['clusters: []', 'authorization webhook kubeconfig: no cluster'],
    ['clusters: [{ name: a, cluster: {} }]', 'authorization webhook kubeconfig: cluster.server is required'],
    ['clusters: [{ name: a, cluster: { server: "not a url" } }]', 'authorization webhook kubeconfig: cluster.server "not a url" is not a URL'],
    ['clusters: [{ name: a, cluster: { server: https://a/ } }, { name: b, cluster: { server: https://b/ } }]', 'authorization webhook kubeconfig: several clusters and no current-context'],
    ['current-context: nope\nclusters: [{ name: a, cluster: { server: https://a/ } }]', 'authorization webhook kubeconfig: context "nope" not found'],
    ['clusters: [{ name: a, cluster: { server: https://a/ } }]\nusers: [{ name: u, user: { client-certificate-data: Qw== } }]', 'authorization webhook kubeconfig: user client-certificate and client-key must be given together'],
    ['clusters: [{ name: a, cluster: { server: https://a/ } }]\nusers: [{ name: u, user: { exec: { command: x } } }]', 'authorization webhook kubeconfig: user.exec is not supported'],
    ['- just a list', 'authorization webhook kubeconfig: the document must be a mapping'],
  ])('refuses %j', (yaml, message) => {
    expect(() => loadWebhookAuthorizerConfig(yaml)).toThrow(new TypeError(message));
  });
});
