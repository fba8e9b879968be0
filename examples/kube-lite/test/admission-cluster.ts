/**
 * The admission suites' cluster: harness.ts's kube-lite and real kubectl, plus the storage it
 * runs on (so a test can hold what an upgraded cluster's etcd holds but today's API refuses),
 * and helpers that write webhook configurations and apply them with `kubectl apply -f`.
 *
 * @example
 * const c = await startAdmissionCluster();
 * await c.applyWebhooks('ValidatingWebhookConfiguration', 'deny', [
 *   { name: 'deny.example.com', url: hooks.url('/deny'), caBundle: hooks.caBundle, namespace: 'team-a' },
 * ]);
 * await c.kubectl(['create', 'configmap', 'x', '-n', 'team-a']); // denied
 * await c.stop();
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@apiserver-kit/server';
import { MemoryStorage } from '@apiserver-kit/storage';
import { expect } from 'vitest';
import { type KubeLite, startKubeLite } from '../src/kube-lite.js';
import { type KubectlResult, kubectlBin } from './harness.js';

export type WebhookKind = 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';

/** One webhook of a configuration; it matches CREATE and UPDATE of configmaps in `namespace` only. */
export interface HookSpec {
  name: string;
  url: string;
  caBundle: string;
  /** Matched through the namespace's kubernetes.io/metadata.name label, so tests stay apart. */
  namespace: string;
  failurePolicy?: 'Fail' | 'Ignore';
  sideEffects?: 'None' | 'NoneOnDryRun' | 'Some' | 'Unknown';
  timeoutSeconds?: number;
}

export interface AdmissionCluster {
  kl: KubeLite;
  dir: string;
  storage: MemoryStorage;
  /** Run kubectl as the admin; never throws on a non-zero exit (assert on `code`). */
  kubectl(args: string[]): Promise<KubectlResult>;
  /** Write `text` to a file in the test directory; returns its path. */
  file(name: string, text: string): Promise<string>;
  /** Write a webhook configuration and `kubectl apply -f` it, expecting success. */
  applyWebhooks(kind: WebhookKind, name: string, hooks: HookSpec[]): Promise<void>;
  /** `kubectl create namespace` each name, expecting success. */
  createNamespaces(...names: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** The YAML of a v1 webhook configuration. */
export function webhookConfigurationYaml(kind: WebhookKind, name: string, hooks: HookSpec[]): string {
  const webhook = (h: HookSpec) =>
    [
      `- name: ${h.name}`,
      `  clientConfig:`,
      `    url: ${h.url}`,
      `    caBundle: ${h.caBundle}`,
      `  rules:`,
      `  - apiGroups: [""]`,
      `    apiVersions: ["v1"]`,
      `    operations: ["CREATE", "UPDATE"]`,
      `    resources: ["configmaps"]`,
      `  namespaceSelector:`,
      `    matchLabels:`,
      `      kubernetes.io/metadata.name: ${h.namespace}`,
      `  failurePolicy: ${h.failurePolicy ?? 'Fail'}`,
      `  sideEffects: ${h.sideEffects ?? 'None'}`,
      `  admissionReviewVersions: ["v1"]`,
      ...(h.timeoutSeconds === undefined ? [] : [`  timeoutSeconds: ${h.timeoutSeconds}`]),
    ].join('\n');
  return [
    'apiVersion: admissionregistration.k8s.io/v1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    'webhooks:',
    ...hooks.map(webhook),
    '',
  ].join('\n');
}

export async function startAdmissionCluster(): Promise<AdmissionCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-lite-admission-'));
  const storage = new MemoryStorage();
  const kl = await startKubeLite({ securePort: 0, dataDir: join(dir, 'data'), logger: silentLogger, storageInstance: storage });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kl.kubeconfigPath,
    KUBECACHEDIR: join(dir, 'cache'),
  };
  const kubectl = (args: string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile(kubectlBin, args, { env, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
    });
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  return {
    kl,
    dir,
    storage,
    kubectl,
    file,
    async applyWebhooks(kind, name, hooks) {
      const path = await file(`${name}.yaml`, webhookConfigurationYaml(kind, name, hooks));
      const r = await kubectl(['apply', '-f', path]);
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(new RegExp(`^${kind.toLowerCase()}\\.admissionregistration\\.k8s\\.io/${name} (created|configured)$`));
    },
    async createNamespaces(...names) {
      for (const ns of names) {
        const r = await kubectl(['create', 'namespace', ns]);
        expect(r.stderr).toBe('');
        expect(r.stdout.trim()).toBe(`namespace/${ns} created`);
      }
    },
    async stop() {
      await kl.close();
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
