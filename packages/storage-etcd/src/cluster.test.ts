/**
 * EtcdStorage on a three-member etcd cluster on loopback: losing one member (a follower, or the
 * leader) does not stop writes, and watches move to a live member.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd cluster tests skipped: ${skip}`);

const cm = (name: string): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: `uid-${name}` }, data: {} });

describe.skipIf(skip !== undefined)(`EtcdStorage on a 3-member etcd cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let storage: EtcdStorage;

  beforeEach(async () => {
    etcd = await startEtcd({ members: 3 });
    storage = new EtcdStorage({ endpoints: etcd.endpoints, compactionIntervalMs: 0 });
  });
  afterEach(async () => {
    await storage?.close();
    await etcd?.stop();
  });

  it('keeps serving every write and watch event when a follower is killed', async () => {
    const from = String(await storage.currentRevision());
    const events = new EventReader(await storage.watch('/cm/', { recursive: true, resourceVersion: from }), 20_000);
    const leader = await etcd.leader();
    const follower = etcd.members.find((m) => m !== leader)!;
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      if (i === 10) await follower.kill();
      written.push((await storage.create(`/cm/x${String(i).padStart(2, '0')}`, cm(`x${i}`))).metadata.resourceVersion!);
    }
    expect((await storage.list('/cm/')).items.map((o) => o.metadata.resourceVersion)).toEqual(written);
    expect((await events.take(30)).map((e) => e.object.metadata.resourceVersion)).toEqual(written);
    events.watcher.stop();
  });

  it('serves writes again once the survivors elect a new leader, and keeps every acknowledged write', async () => {
    const from = String(await storage.currentRevision());
    const events = new EventReader(await storage.watch('/cm/', { recursive: true, resourceVersion: from }), 20_000);
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) acknowledged.push((await storage.create(`/cm/a${i}`, cm(`a${i}`))).metadata.resourceVersion!);
    const oldLeader = await etcd.leader();
    await oldLeader.kill();
    const newLeader = await etcd.leader();
    expect(newLeader).not.toBe(oldLeader);
    for (let i = 0; i < 5; i++) acknowledged.push((await storage.create(`/cm/b${i}`, cm(`b${i}`))).metadata.resourceVersion!);
    expect((await storage.list('/cm/')).items.map((o) => o.metadata.resourceVersion)).toEqual(acknowledged);
    expect((await events.take(10)).map((e) => e.object.metadata.resourceVersion)).toEqual(acknowledged);
    events.watcher.stop();
  });
});
