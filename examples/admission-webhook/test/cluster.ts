/**
 * The end-to-end harness: kube-lite started in-process on an ephemeral port (as its own tests
 * start it), the real kubectl pointed at it with an isolated HOME and KUBECONFIG, and this
 * example's webhook server with a development PKI, all under one temporary directory.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeLite, startKubeLite } from '../../kube-lite/src/kube-lite.js';
import { loadConfig, parseConfig } from '../src/config.js';
import { type RunningWebhookServer, startWebhookServer } from '../src/server.js';

export const kubectlBin = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Environment {
  dir: string;
  kl: KubeLite;
  webhook: RunningWebhookServer;
  /** The CA that signed the webhook's serving certificate (the caBundle, before base64). */
  caPem: string;
  /** kube-lite's warnings and errors (webhook call failures show up here). */
  logs: string[];
  /** Run kubectl; never throws on a non-zero exit (assert on `code`). */
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  stop(): Promise<void>;
}

export async function startEnvironment(): Promise<Environment> {
  const dir = await mkdtemp(join(tmpdir(), 'admission-webhook-e2e-'));
  const logs: string[] = [];
  const record = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
    logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {})}`);
  };
  const kl = await startKubeLite({
    securePort: 0,
    dataDir: join(dir, 'kube-lite'),
    logger: { info() {}, warn: record('WARN'), error: record('ERROR') },
  });
  const tls = await loadConfig(parseConfig(['--pki-dir', join(dir, 'webhook-pki'), '--port', '0']));
  const webhook = await startWebhookServer({ port: 0, certPem: tls.certPem, keyPem: tls.keyPem });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kl.kubeconfigPath,
    KUBECACHEDIR: join(dir, 'cache'),
  };
  const kubectl = (args: string[], input?: string) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(kubectlBin, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  return {
    dir,
    kl,
    webhook,
    caPem: tls.caPem!,
    logs,
    kubectl,
    async stop() {
      await webhook.close().catch(() => {}); // a test may have stopped it already
      await kl.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Retry `probe` until it returns true, at most `attempts` times. kube-apiserver (and kube-lite)
 * read webhook configurations through an informer, so a registration takes effect shortly
 * after `kubectl apply` returns, not at once.
 */
export async function eventually(probe: () => Promise<boolean>, attempts = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}
