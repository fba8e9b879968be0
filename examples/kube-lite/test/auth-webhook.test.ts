/**
 * --authentication-token-webhook-config-file: kube-lite asks a TokenReview webhook (served by
 * the test over HTTPS) who a token belongs to, and caches the answer.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCA, createServingCert, kubeconfigYaml } from '@apiserver-kit/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, startAuthCluster } from './auth-cluster.js';

let webhook: https.Server;
let reviews: Array<{ token: string }> = [];
let c: AuthCluster;

beforeAll(async () => {
  const ca = createCA({ commonName: 'webhook-ca' });
  const serving = createServingCert(ca, { commonName: 'webhook', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  webhook = https.createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as { apiVersion: string; kind: string; spec: { token: string } };
      reviews.push({ token: review.spec.token });
      const ok = review.spec.token === 'webhook-token';
      const status = ok
        ? { authenticated: true, user: { username: 'carol', uid: 'c-1', groups: ['from-webhook'] } }
        : { authenticated: false };
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ apiVersion: review.apiVersion, kind: review.kind, status }));
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', () => r()));
  const { port } = webhook.address() as AddressInfo;
  const config = kubeconfigYaml({ server: `https://127.0.0.1:${port}/authenticate`, caPem: ca.certPem, token: 'unused' });
  c = await startAuthCluster((dir) => [`--authentication-token-webhook-config-file=${dir}/webhook.kubeconfig`], {
    files: { 'webhook.kubeconfig': config },
  });
});

afterAll(async () => {
  await c?.stop();
  await new Promise<void>((r) => webhook.close(() => r()));
});

describe('webhook token authentication', () => {
  it('authenticates a token the webhook vouches for, and asks it only once while cached', async () => {
    reviews = [];
    const r = await c.kubectl(['auth', 'whoami'], { token: 'webhook-token' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Username\s+carol$/m);
    expect(r.stdout).toMatch(/^Groups\s+\[from-webhook system:authenticated\]$/m);
    const again = await c.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'], { token: 'webhook-token' });
    expect(again.stdout.trim()).toBe('carol');
    expect(reviews.filter((x) => x.token === 'webhook-token').length).toBe(1);
  });

  it('answers 401 for a token the webhook refuses', async () => {
    const r = await c.request('GET', '/api/v1/namespaces', { cert: null, headers: { Authorization: 'Bearer nope' } });
    expect(r.status).toBe(401);
    expect(reviews.some((x) => x.token === 'nope')).toBe(true);
  });
});
