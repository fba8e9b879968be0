/**
 * Test harness for kube-lite on etcd: a kube-lite started in-process with `--storage etcd`
 * against an etcd from `@apiserver-kit/storage-etcd/testing`, a long-running kubectl (`get -w`),
 * and kube-lite as a child process (for SIGKILL tests) with any flags.
 *
 * @example
 * const etcd = await startEtcd();
 * const a = await startEtcdKubeLite(etcd);
 * const w = spawnKubectl(a, ['get', 'cm', '-w']);
 * await a.kubectl(['create', 'configmap', 'x']);
 * await waitForOutput(w, /^x\s/m);
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import { type AuthCluster, startAuthCluster } from './auth-cluster.js';
import { kubectlBin } from './harness.js';

/** kube-lite in-process on `etcd` (all its members), with more flags if given. */
export function startEtcdKubeLite(etcd: EtcdCluster, flags: string[] = []): Promise<AuthCluster> {
  return startAuthCluster(['--storage=etcd', `--etcd-servers=${etcd.endpoints.join(',')}`, ...flags]);
}

/** A long-running kubectl as the admin of `c` (e.g. `get cm -w`); kill it when done. */
export function spawnKubectl(c: AuthCluster, args: string[]): ChildProcess {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: c.dir, KUBECONFIG: c.kl.kubeconfigPath };
  return spawn(kubectlBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Retries `fn` every 100 ms until it returns true (at most `attempts` times). */
export async function eventually(fn: () => Promise<boolean>, attempts = 200): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await fn().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const viteNode = fileURLToPath(new URL('../../../node_modules/vite-node/vite-node.mjs', import.meta.url));
const config = fileURLToPath(new URL('../vitest.config.ts', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

export interface ChildProcessKubeLite {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderrTail(): string;
  stop(): Promise<void>;
}

/** kube-lite's CLI (src/bin.ts under vite-node) in a child process with `args`; resolves once it is ready. */
export function startChildProcessKubeLite(args: string[], timeoutMs = 60_000): Promise<ChildProcessKubeLite> {
  const child = spawn(process.execPath, [viteNode, '-c', config, bin, '--', '--secure-port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stdout = '';
  let stderr = '';
  let alive = true;
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kube-lite did not start within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`kube-lite exited before it was ready (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /kube-lite ready at (https:\/\/\S+)/.exec(stdout);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        child,
        exited,
        stderrTail: () => stderr.split('\n').slice(-25).join('\n'),
        async stop() {
          if (!alive) return;
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(force);
        },
      });
    });
  });
}
