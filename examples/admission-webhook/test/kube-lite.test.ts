/**
 * End to end: the policy served as webhooks, registered with kube-lite through the manifests
 * applied with the real kubectl, as a user would do it against a cluster. The tests run in
 * order and share one kube-lite.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderManifests, webhookNames } from '../src/manifests.js';
import { type Environment, eventually, startEnvironment } from './cluster.js';

const ownedConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: owned
  labels:
    owner: alice
data:
  mode: fast
`;

const denial = `admission webhook "${webhookNames.validating}" denied the request: missing required label "owner"`;

let e: Environment;
beforeAll(async () => {
  e = await startEnvironment();
});
afterAll(async () => {
  await e?.stop();
});

/** Whether a server-side dry-run create of configmap `probe` is currently refused by the webhook. */
async function probeDenied(): Promise<boolean> {
  const r = await e.kubectl(['create', 'configmap', 'probe', '--dry-run=server']);
  return r.stderr.includes(denial);
}

describe('the policy as webhooks registered with kube-lite', () => {
  it('applies both webhook configurations with kubectl', async () => {
    const file = join(e.dir, 'webhooks.yaml');
    await writeFile(file, await renderManifests({ port: e.webhook.port, caPem: e.caPem }));
    const applied = await e.kubectl(['apply', '-f', file]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toBe(
      `validatingwebhookconfiguration.admissionregistration.k8s.io/${webhookNames.validatingConfiguration} created\n` +
        `mutatingwebhookconfiguration.admissionregistration.k8s.io/${webhookNames.mutatingConfiguration} created\n`,
    );
    const listed = await e.kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'name']);
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual([
      `mutatingwebhookconfiguration.admissionregistration.k8s.io/${webhookNames.mutatingConfiguration}`,
      `validatingwebhookconfiguration.admissionregistration.k8s.io/${webhookNames.validatingConfiguration}`,
    ]);
    await eventually(probeDenied);
  });

  it('refuses `kubectl create configmap` without an owner label with kube\'s webhook denial', async () => {
    const r = await e.kubectl(['create', 'configmap', 'x']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: failed to create configmap: ${denial}\n` });
    expect((await e.kubectl(['get', 'configmap', 'x'])).stderr).toBe('Error from server (NotFound): configmaps "x" not found\n');
  });

  it('creates a configmap with an owner label, annotated by the mutating webhook', async () => {
    const created = await e.kubectl(['create', '-f', '-'], ownedConfigMap);
    expect(created).toEqual({ code: 0, stdout: 'configmap/owned created\n', stderr: '' });
    const yaml = await e.kubectl(['get', 'cm', 'owned', '-o', 'yaml']);
    expect(yaml.stdout).toContain('  annotations:\n    example.com/managed-by: admission-webhook\n');
    expect(yaml.stdout).toContain('  labels:\n    owner: alice\n');
    const json = JSON.parse((await e.kubectl(['get', 'cm', 'owned', '-o', 'json'])).stdout) as {
      metadata: { annotations?: Record<string, string> };
    };
    expect(json.metadata.annotations).toEqual({ 'example.com/managed-by': 'admission-webhook' });
  });

  it('prints the webhook\'s warning when an update hands the configmap to another owner', async () => {
    const r = await e.kubectl(['label', 'cm', 'owned', 'owner=bob', '--overwrite']);
    expect(r).toEqual({ code: 0, stdout: 'configmap/owned labeled\n', stderr: 'Warning: owner label changed from "alice" to "bob"\n' });
  });

  it('refuses an update that removes the owner label', async () => {
    const r = await e.kubectl(['label', 'cm', 'owned', 'owner-']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error from server (Forbidden): ${denial}\n`);
  });

  it('leaves kube-system alone (namespaceSelector)', async () => {
    expect(await e.kubectl(['create', 'configmap', 'system', '-n', 'kube-system'])).toMatchObject({ code: 0, stderr: '' });
    const annotations = await e.kubectl(['get', 'cm', 'system', '-n', 'kube-system', '-o', 'jsonpath={.metadata.annotations}']);
    expect(annotations).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('fails closed (failurePolicy Fail) while the webhook server is down', async () => {
    await e.webhook.close();
    const r = await e.kubectl(['create', '-f', '-'], ownedConfigMap.replace('name: owned', 'name: unreachable'));
    expect(r.code).toBe(1);
    const url = `https://127.0.0.1:${e.webhook.port}/mutate?timeout=5s`;
    expect(r.stderr).toBe(
      `Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook ` +
        `"${webhookNames.mutating}": failed to call webhook: Post "${url}": dial tcp 127.0.0.1:${e.webhook.port}: connect: connection refused\n`,
    );
  });

  it('admits configmaps without an owner again once the configurations are deleted', async () => {
    const deleted = await e.kubectl([
      'delete',
      `validatingwebhookconfiguration/${webhookNames.validatingConfiguration}`,
      `mutatingwebhookconfiguration/${webhookNames.mutatingConfiguration}`,
    ]);
    expect(deleted.stdout).toBe(
      `validatingwebhookconfiguration.admissionregistration.k8s.io "${webhookNames.validatingConfiguration}" deleted\n` +
        `mutatingwebhookconfiguration.admissionregistration.k8s.io "${webhookNames.mutatingConfiguration}" deleted\n`,
    );
    await eventually(async () => (await e.kubectl(['create', 'configmap', 'probe', '--dry-run=server'])).code === 0);
    expect(await e.kubectl(['create', 'configmap', 'x'])).toEqual({ code: 0, stdout: 'configmap/x created\n', stderr: '' });
    const annotations = await e.kubectl(['get', 'cm', 'x', '-o', 'jsonpath={.metadata.annotations}']);
    expect(annotations.stdout).toBe('');
  });
});
