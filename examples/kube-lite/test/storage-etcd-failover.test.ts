/**
 * kube-lite on etcd when etcd members fail, driven with the real kubectl: a three-member cluster
 * keeps serving writes when a member dies, and with a single etcd killed kube-lite answers 503
 * or 504 (and /readyz fails its etcd check) until etcd is back, then recovers by itself.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { etcdSkipReason, startEtcd, type EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import type { AuthCluster } from './auth-cluster.js';
import { waitForOutput } from './harness.js';
import { eventually, spawnKubectl, startEtcdKubeLite } from './storage-etcd-harness.js';

const skip = etcdSkipReason();
if (skip) console.warn(`kube-lite etcd failover tests skipped: ${skip}`);

const names = async (c: AuthCluster): Promise<string[]> => {
  const r = await c.kubectl(['get', 'configmaps', '-o', 'jsonpath={.items[*].metadata.name}']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split(' ').filter(Boolean).sort();
};

describe.skipIf(skip !== undefined)(`kube-lite when etcd fails${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster | undefined;
  let c: AuthCluster | undefined;
  let watch: ChildProcess | undefined;
  afterEach(async () => {
    watch?.kill('SIGKILL');
    await c?.stop();
    await etcd?.stop();
    [etcd, c, watch] = [undefined, undefined, undefined];
  });

  const create = async (name: string) => {
    const r = await c!.kubectl(['create', 'configmap', name]);
    expect(r.code, `create ${name}: ${r.stderr}`).toBe(0);
  };

  it('on a three-member etcd keeps serving every write when a follower is killed', async () => {
    etcd = await startEtcd({ members: 3 });
    c = await startEtcdKubeLite(etcd);
    const leader = await etcd.leader();
    const written: string[] = [];
    for (let i = 0; i < 12; i++) {
      if (i === 4) await etcd.members.find((m) => m !== leader)!.kill();
      written.push(`cm-${String(i).padStart(2, '0')}`);
      await create(written.at(-1)!);
    }
    expect(await names(c)).toEqual(written);
  });

  it('on a three-member etcd serves writes again once the survivors elect a new leader after the leader is killed', async () => {
    etcd = await startEtcd({ members: 3 });
    c = await startEtcdKubeLite(etcd);
    for (const n of ['a', 'b', 'c']) await create(n);
    const old = await etcd.leader();
    await old.kill();
    expect(await etcd.leader()).not.toBe(old);
    for (const n of ['d', 'e', 'f']) await create(n);
    expect(await names(c)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('answers 503 or 504 while its single etcd is down, fails the etcd readyz check, and recovers without a restart', async () => {
    etcd = await startEtcd();
    c = await startEtcdKubeLite(etcd);
    await create('before');
    watch = spawnKubectl(c, ['get', 'configmaps', '-w', '--output-watch-events']);
    await waitForOutput(watch, /ADDED\s+before\s/);
    expect((await c.request('GET', '/readyz?verbose')).body).toContain('[+]etcd ok');

    await etcd.members[0]!.kill();
    const read = await c.request('GET', '/api/v1/namespaces/default/configmaps/before');
    expect([503, 504], read.body).toContain(read.status);
    expect(read.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: read.status });
    const get = await c.kubectl(['get', 'configmap', 'before']);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toMatch(/Error from server \((ServiceUnavailable|Timeout)\)/);
    const write = await c.kubectl(['create', 'configmap', 'during']);
    expect(write.code).not.toBe(0);
    // kubectl create words server errors as "failed to create": the 503's message, or the 504's.
    expect(write.stderr).toMatch(/failed to create configmap: (storage is unreachable|Timeout)/);
    const readyz = await c.request('GET', '/readyz?verbose');
    expect(readyz.status).toBe(500);
    expect(readyz.body).toContain('[-]etcd failed');

    await etcd.members[0]!.restart();
    expect(await eventually(async () => (await c!.request('GET', '/readyz')).status === 200)).toBe(true);
    const back = await c.kubectl(['get', 'configmap', 'before', '-o', 'name']);
    expect(back).toMatchObject({ code: 0, stdout: 'configmap/before\n' });
    // The watch opened before the outage is still there and sees writes after it.
    const added = waitForOutput(watch, /ADDED\s+after\s/);
    await create('after');
    await added;
    expect(await names(c)).toEqual(['after', 'before']);
  });
});
