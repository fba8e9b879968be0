/**
 * --authorization-mode=ABAC and Webhook with the real kubectl: an ABAC policy file granting a
 * user read-only access before RBAC, and a SubjectAccessReview webhook (served by the test
 * over HTTPS) allowing, denying and having no opinion. Users other than the admin are reached
 * with `--as` (the admin is in system:masters, which may impersonate).
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCA, createClientCert, createServingCert, kubeconfigYaml } from '@apiserver-kit/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, startAuthCluster } from './auth-cluster.js';

const forbidden = (user: string, verb: string, ns: string, reason: string) =>
  `configmaps is forbidden: User "${user}" cannot ${verb} resource "configmaps" in API group "" in the namespace "${ns}"${reason ? `: ${reason}` : ''}`;

const policy = (spec: object) => JSON.stringify({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec });

describe('--authorization-mode=ABAC,RBAC', () => {
  let c: AuthCluster;
  beforeAll(async () => {
    const policyFile = [
      '# alice reads everything, everywhere',
      policy({ user: 'alice', namespace: '*', resource: '*', apiGroup: '*', readonly: true }),
      '',
      // The legacy unversioned form still works: erin may do anything in "sandbox".
      '{"user": "erin", "namespace": "sandbox"}',
    ].join('\n');
    c = await startAuthCluster((dir) => ['--authorization-mode=ABAC,RBAC', `--authorization-policy-file=${dir}/abac.jsonl`], {
      files: { 'abac.jsonl': policyFile },
    });
    expect((await c.kubectl(['create', 'configmap', 'settings', '--from-literal=a=b'])).code).toBe(0);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('lets a read-only user read and refuses her writes with "No policy matched."', async () => {
    const get = await c.kubectl(['get', 'cm', '-o', 'name', '--as=alice']);
    expect(get.stderr).toBe('');
    expect(get.stdout).toMatch(/^configmap\/settings$/m);
    const create = await c.kubectl(['create', 'configmap', 'x', '--as=alice']);
    expect(create.code).toBe(1);
    expect(create.stderr.trim()).toBe(`error: failed to create configmap: ${forbidden('alice', 'create', 'default', 'No policy matched.')}`);
  });

  it('refuses users no policy names, and still lets RBAC allow after ABAC', async () => {
    const bob = await c.kubectl(['get', 'cm', '--as=bob']);
    expect(bob.stderr.trim()).toBe(`Error from server (Forbidden): ${forbidden('bob', 'list', 'default', 'No policy matched.')}`);
    expect((await c.kubectl(['create', 'role', 'cm-writer', '--verb=create', '--resource=configmaps'])).code).toBe(0);
    expect((await c.kubectl(['create', 'rolebinding', 'bob-writes', '--role=cm-writer', '--user=bob'])).code).toBe(0);
    const created = await c.kubectl(['create', 'configmap', 'from-bob', '--as=bob']);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('configmap/from-bob created');
  });

  it('applies unversioned policies: all of one namespace', async () => {
    expect((await c.kubectl(['create', 'namespace', 'sandbox'])).code).toBe(0);
    expect((await c.kubectl(['create', 'configmap', 'mine', '-n', 'sandbox', '--as=erin'])).code).toBe(0);
    const elsewhere = await c.kubectl(['delete', 'configmap', 'settings', '--as=erin']);
    expect(elsewhere.stderr.trim()).toBe(
      'Error from server (Forbidden): configmaps "settings" is forbidden: User "erin" cannot delete resource "configmaps" in API group "" in the namespace "default": No policy matched.',
    );
  });

  it('answers auth can-i from the policy, and lists the ABAC rules with can-i --list', async () => {
    expect((await c.kubectl(['auth', 'can-i', 'watch', 'deployments.apps', '-n', 'kube-system', '--as=alice'])).stdout.trim()).toBe('yes');
    // kubectl prints the reason of a refusal after the answer, as it does for kube-apiserver.
    expect((await c.kubectl(['auth', 'can-i', 'delete', 'pods', '--as=alice'])).stdout.trim()).toBe('no - No policy matched.');
    const list = await c.kubectl(['auth', 'can-i', '--list', '--as=alice']);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  });
});

describe('--authorization-mode=Webhook,RBAC', () => {
  let c: AuthCluster;
  let webhook: https.Server;
  const reviews: Array<{ apiVersion: string; spec: Record<string, unknown> }> = [];
  let clientCN: string | undefined;

  beforeAll(async () => {
    const ca = createCA({ commonName: 'authz-webhook-ca' });
    const serving = createServingCert(ca, { commonName: 'webhook', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const client = createClientCert(ca, { user: 'kube-lite', groups: [] });
    webhook = https.createServer({ cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as unknown as { getPeerCertificate(): { subject?: { CN?: string } } }).getPeerCertificate();
      clientCN = peer.subject?.CN;
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const review = JSON.parse(body) as { apiVersion: string; spec: { user?: string; resourceAttributes?: { verb?: string; resource?: string } } };
        reviews.push(review);
        const r = review.spec.resourceAttributes;
        let status: Record<string, unknown> = { allowed: false };
        if (review.spec.user === 'carol' && r?.resource === 'configmaps') {
          status = ['get', 'list', 'watch'].includes(r.verb ?? '') ? { allowed: true } : { allowed: false, denied: true, reason: 'carol may only read' };
        }
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ apiVersion: review.apiVersion, kind: 'SubjectAccessReview', status }));
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', () => r()));
    const { port } = webhook.address() as AddressInfo;
    const kubeconfig = kubeconfigYaml({
      server: `https://127.0.0.1:${port}/authorize`,
      caPem: ca.certPem,
      clientCertPem: client.certPem,
      clientKeyPem: client.keyPem,
    });
    c = await startAuthCluster((dir) => ['--authorization-mode=Webhook,RBAC', `--authorization-webhook-config-file=${dir}/authz.kubeconfig`], {
      files: { 'authz.kubeconfig': kubeconfig },
    });
  });
  afterAll(async () => {
    await c?.stop();
    webhook?.closeAllConnections();
    await new Promise<void>((r) => (webhook ? webhook.close(() => r()) : r()));
  });

  const carolLists = () =>
    reviews.filter((r) => r.spec.user === 'carol' && (r.spec.resourceAttributes as { verb?: string } | undefined)?.verb === 'list');

  it('allows what the webhook allows, sending it a v1 SubjectAccessReview over mutual TLS, and asks once while cached', async () => {
    const get = await c.kubectl(['get', 'cm', '-n', 'kube-system', '--as=carol']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stderr.trim()).toBe('No resources found in kube-system namespace.');
    expect(clientCN).toBe('kube-lite');
    expect(carolLists()).toHaveLength(1);
    expect(carolLists()[0]).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1',
      spec: {
        resourceAttributes: { namespace: 'kube-system', verb: 'list', version: 'v1', resource: 'configmaps' },
        user: 'carol',
        groups: ['system:authenticated'],
      },
    });
    expect((await c.kubectl(['get', 'cm', '-n', 'kube-system', '--as=carol'])).code).toBe(0);
    expect(carolLists()).toHaveLength(1);
  });

  it("refuses what the webhook denies, with the webhook's reason", async () => {
    const create = await c.kubectl(['create', 'configmap', 'x', '--as=carol']);
    expect(create.stderr.trim()).toBe(`error: failed to create configmap: ${forbidden('carol', 'create', 'default', 'carol may only read')}`);
  });

  it('leaves the decision to RBAC when the webhook has no opinion', async () => {
    const dave = await c.kubectl(['get', 'cm', '--as=dave']);
    expect(dave.stderr.trim()).toBe(`Error from server (Forbidden): ${forbidden('dave', 'list', 'default', '')}`);
    expect(reviews.some((r) => r.spec.user === 'dave')).toBe(true);
    expect((await c.kubectl(['create', 'rolebinding', 'dave-view', '--clusterrole=view', '--user=dave'])).code).toBe(0);
    const allowed = await c.kubectl(['get', 'cm', '--as=dave']);
    expect(allowed.code, allowed.stderr).toBe(0);
  });
});
