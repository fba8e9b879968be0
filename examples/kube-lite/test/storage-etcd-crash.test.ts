/**
 * kube-lite with `--storage etcd` (a child process) killed with SIGKILL in the middle of a
 * stream of creates, then started again: every create that was answered 201 is in etcd with the
 * content and resourceVersion it was acknowledged with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { etcdSkipReason, startEtcd, type EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import { rawClient } from './raw-client.js';
import { type Acked, configMapsPath as path, createUntilDown } from './crash-writes.js';
import { type ChildKubeLite, startChildKubeLite } from './child-kube-lite.js';

const skip = etcdSkipReason();
if (skip) console.warn(`kube-lite etcd crash tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`kube-lite with --storage etcd after SIGKILL${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let etcd: EtcdCluster | undefined;
  let running: ChildKubeLite | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-lite-etcd-crash-'));
    etcd = await startEtcd();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await etcd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no create that was answered 201 before the kill', async () => {
    const dataDir = join(dir, 'data');
    const args = ['--storage=etcd', `--etcd-servers=${etcd!.endpoints.join(',')}`];
    const first = await startChildKubeLite(dataDir, args);
    running = first;
    const api = await rawClient(first.url, join(dataDir, 'pki'));
    const acked: Acked[] = [];
    const workers = Array.from({ length: 6 }, (_, w) => createUntilDown(api, w, acked));
    while (acked.length < 60) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(workers);

    const second = await startChildKubeLite(dataDir, args);
    running = second;
    const api2 = await rawClient(second.url, join(dataDir, 'pki'));
    const list = await api2.request('GET', path);
    expect(list.status, list.body).toBe(200);
    const stored = new Map(
      (list.json().items as Array<{ metadata: { name: string; uid: string; resourceVersion: string }; data: unknown }>).map((i) => [
        i.metadata.name,
        [i.metadata.uid, i.metadata.resourceVersion, i.data],
      ]),
    );
    for (const a of acked) expect(stored.get(a.name), a.name).toEqual([a.uid, a.resourceVersion, a.data]);
    // New writes continue the same revision sequence.
    const next = await api2.request('POST', path, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } }) });
    expect(next.status, next.body).toBe(201);
    const maxAcked = Math.max(...acked.map((a) => Number(a.resourceVersion)));
    expect(Number((next.json().metadata as { resourceVersion: string }).resourceVersion)).toBeGreaterThan(maxAcked);
  });
});
