import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWebhookConfig } from './kubeconfig.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'authn-webhook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadWebhookConfig', () => {
  it('reads the current context: server and inline CA of the cluster, client certificate of the user', () => {
    const text = `
apiVersion: v1
kind: Config
clusters:
  - name: other
    cluster: { server: https://wrong.example }
  - name: authn
    cluster:
      server: https://authn.example.com/authenticate
      certificate-authority-data: ${b64('CA PEM')}
users:
  - name: apiserver
    user:
      client-certificate-data: ${b64('CERT PEM')}
      client-key-data: ${b64('KEY PEM')}
contexts:
  - name: webhook
    context: { cluster: authn, user: apiserver }
current-context: webhook
`;
    expect(loadWebhookConfig(text)).toEqual({
      url: 'https://authn.example.com/authenticate',
      caPem: 'CA PEM',
      clientCertPem: 'CERT PEM',
      clientKeyPem: 'KEY PEM',
    });
  });

  it('reads files relative to baseDir, a token file, and JSON kubeconfigs', () => {
    writeFileSync(join(dir, 'ca.crt'), 'FILE CA');
    writeFileSync(join(dir, 'token'), 'file-token\n');
    const json = JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: 'https://hook', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { tokenFile: 'token' } }],
    });
    expect(loadWebhookConfig(json, { baseDir: dir })).toEqual({
      url: 'https://hook',
      caPem: 'FILE CA',
      bearerToken: 'file-token',
      insecureSkipTlsVerify: true,
    });
  });

  it('rejects ambiguous or unsupported configurations', () => {
    const two = JSON.stringify({ clusters: [{ name: 'a', cluster: { server: 'https://a' } }, { name: 'b', cluster: { server: 'https://b' } }] });
    expect(() => loadWebhookConfig(two)).toThrow(/several clusters and no current-context/);
    expect(() => loadWebhookConfig(JSON.stringify({ 'current-context': 'x', contexts: [] }))).toThrow(/context "x" not found/);
    expect(() => loadWebhookConfig(JSON.stringify({ clusters: [{ name: 'a', cluster: {} }] }))).toThrow(/server is required/);
    const basic = JSON.stringify({
      clusters: [{ name: 'a', cluster: { server: 'https://a' } }],
      users: [{ name: 'u', user: { username: 'x', password: 'y' } }],
    });
    expect(() => loadWebhookConfig(basic)).toThrow(/user.username is not supported/);
    const halfCert = JSON.stringify({
      clusters: [{ name: 'a', cluster: { server: 'https://a' } }],
      users: [{ name: 'u', user: { 'client-certificate-data': b64('C') } }],
    });
    expect(() => loadWebhookConfig(halfCert)).toThrow(/client-certificate and client-key must be given together/);
  });
});
