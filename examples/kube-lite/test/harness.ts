/**
 * Test harness: a kube-lite started in-process on an ephemeral port, and the real kubectl
 * (/usr/bin/kubectl) pointed at it through a kubeconfig in a temporary directory.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@apiserver-kit/server';
import { type KubeLite, startKubeLite } from '../src/kube-lite.js';

export const kubectlBin = process.env.KUBECTL ?? '/usr/bin/kubectl';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cluster {
  kl: KubeLite;
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Run kubectl; never throws on a non-zero exit (assert on `code`). */
  kubectl(args: string[], opts?: { input?: string; env?: NodeJS.ProcessEnv }): Promise<KubectlResult>;
  /** Start a long-running kubectl (e.g. `get -w`). */
  spawnKubectl(args: string[]): ChildProcess;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-lite-test-'));
  const kl = await startKubeLite({ securePort: 0, dataDir: join(dir, 'data'), logger: silentLogger });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kl.kubeconfigPath,
    KUBECACHEDIR: join(dir, 'cache'),
  };
  const kubectl = (args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    new Promise<KubectlResult>((resolve) => {
      const child = execFile(
        kubectlBin,
        args,
        { env: { ...env, ...opts.env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  return {
    kl,
    dir,
    env,
    kubectl,
    spawnKubectl: (args) => spawn(kubectlBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    async stop() {
      await kl.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolve when `child`'s stdout has printed a line matching `re` (bounded by `ms` as a failure guard). */
export function waitForOutput(child: ChildProcess, re: RegExp, ms = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; got:\n${out}`)), ms);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (re.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
  });
}
