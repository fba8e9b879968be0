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
