/**
 * Two kube-lite replicas on one etcd (`--storage etcd`), driven with the real kubectl: each sees
 * the other's writes, and a `kubectl get cm -w` on one sees a create made through the other.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdSkipReason, startEtcd, type EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import type { AuthCluster } from './auth-cluster.js';
import { waitForOutput } from './harness.js';
import { spawnKubectl, startEtcdKubeLite } from './storage-etcd-harness.js';

const skip = etcdSkipReason();
if (skip) console.warn(`kube-lite etcd replica tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`two kube-lite replicas sharing one etcd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let a: AuthCluster;
  let b: AuthCluster;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
    a = await startEtcdKubeLite(etcd);
    b = await startEtcdKubeLite(etcd);
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await a?.stop();
    await b?.stop();
    await etcd?.stop();
  });

  it('a ConfigMap created through one replica is read, changed and deleted through the other', async () => {
    const created = await a.kubectl(['create', 'configmap', 'shared', '--from-literal=k=v']);
    expect(created.code, created.stderr).toBe(0);
    const got = await b.kubectl(['get', 'configmap', 'shared', '-o', 'jsonpath={.data.k}']);
    expect(got).toMatchObject({ code: 0, stdout: 'v' });
    const labeled = await b.kubectl(['label', 'configmap', 'shared', 'tier=web']);
    expect(labeled.code, labeled.stderr).toBe(0);
    const back = await a.kubectl(['get', 'configmap', 'shared', '-o', 'jsonpath={.metadata.labels.tier}']);
    expect(back).toMatchObject({ code: 0, stdout: 'web' });
    expect((await b.kubectl(['delete', 'configmap', 'shared'])).code).toBe(0);
    const gone = await a.kubectl(['get', 'configmap', 'shared']);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('Error from server (NotFound): configmaps "shared" not found');
  });

  it('both replicas list the same namespaces and resourceVersions', async () => {
    await a.kubectl(['create', 'namespace', 'team-a']);
    const list = (c: AuthCluster) => c.kubectl(['get', 'namespaces', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.metadata.resourceVersion} {end}']);
    const [fromA, fromB] = await Promise.all([list(a), list(b)]);
    expect(fromA.code, fromA.stderr).toBe(0);
    expect(fromA.stdout).toContain('team-a=');
    expect(fromB.stdout).toBe(fromA.stdout);
  });

  it('kubectl get cm -w on one replica sees a create made through the other', async () => {
    expect((await b.kubectl(['create', 'configmap', 'before-watch'])).code).toBe(0);
    const watch = spawnKubectl(b, ['get', 'configmaps', '-w', '--output-watch-events']);
    children.push(watch);
    // The watch is established once the initial list has been printed.
    await waitForOutput(watch, /ADDED\s+before-watch\s/);
    const added = waitForOutput(watch, /ADDED\s+watched\s/);
    const created = await a.kubectl(['create', 'configmap', 'watched', '--from-literal=x=1']);
    expect(created.code, created.stderr).toBe(0);
    expect(await added).toMatch(/ADDED\s+watched\s+1\s/);
    const modified = waitForOutput(watch, /MODIFIED\s+watched\s/);
    const updated = await a.kubectl(['label', 'configmap', 'watched', 'seen=yes']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(await modified).toMatch(/MODIFIED\s+watched\s+1\s/);
    watch.kill('SIGTERM');
  });
});
