/**
 * EtcdStorage against a real etcd: where objects land, several storages (server replicas) on
 * one etcd, bookmarks from etcd's progress notifications, slow watch consumers, compaction.
 */
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiObject, WatchEvent } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import { EtcdKv } from './client.js';
import { compactRevKey, compactRound } from './compactor.js';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd replica tests skipped: ${skip}`);

const cm = (name: string, data: Record<string, string> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  data,
});

describe.skipIf(skip !== undefined)(`EtcdStorage on a shared etcd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let raw: Etcd3;
  const open: EtcdStorage[] = [];
  const storage = (prefix: string, extra: { watchQueueLimit?: number; compactionIntervalMs?: number } = {}) => {
    const s = new EtcdStorage({ endpoints: etcd.endpoints, prefix, compactionIntervalMs: 0, ...extra });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    etcd = await startEtcd({ progressNotifyIntervalMs: 300 });
    raw = new Etcd3({ hosts: etcd.endpoints });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    raw?.close();
    await etcd?.stop();
  });

  it('stores an object at <prefix><key> as JSON without resourceVersion; resourceVersion is its mod_revision', async () => {
    const s = storage('/tenant-a');
    const created = await s.create('/registry/core/configmaps/default/a', cm('a', { k: 'v' }));
    const res = await raw.kv.range({ key: Buffer.from('/tenant-a/registry/core/configmaps/default/a') });
    const kv = res.kvs[0]!;
    expect(JSON.parse(kv.value.toString())).toEqual({ ...cm('a', { k: 'v' }) });
    expect(created.metadata.resourceVersion).toBe(kv.mod_revision);
  });

  it('with the default prefix stores keys as they are, so the server keys land under /registry', async () => {
    const s = storage('');
    await s.create('/registry/core/configmaps/default/plain', cm('plain'));
    expect(await raw.get('/registry/core/configmaps/default/plain').string()).toContain('"name":"plain"');
  });

  it('two storages on one etcd see each other’s writes, lists and watch events', async () => {
    const a = storage('/shared');
    const b = storage('/shared');
    const from = String(await b.currentRevision());
    const events = new EventReader(await b.watch('/registry/cm/', { recursive: true, resourceVersion: from }));
    const x = await a.create('/registry/cm/x', cm('x'));
    expect(await b.get('/registry/cm/x')).toEqual(x);
    expect((await b.list('/registry/cm/')).items).toEqual([x]);
    const x2 = await b.guaranteedUpdate('/registry/cm/x', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '2' } }) });
    expect(await a.get('/registry/cm/x')).toEqual(x2);
    const gone = await a.delete('/registry/cm/x');
    expect((await events.take(3)).map((e) => [e.type, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', x.metadata.resourceVersion],
      ['MODIFIED', x2.metadata.resourceVersion],
      ['DELETED', gone.metadata.resourceVersion],
    ]);
    events.watcher.stop();
  });

  it('concurrent compare-and-swap updates from two storages never lose an increment', async () => {
    const a = storage('/cas');
    const b = storage('/cas');
    await a.create('/counter', { ...cm('counter'), data: { n: '0' } });
    const inc = (s: EtcdStorage) =>
      s.guaranteedUpdate('/counter', {
        tryUpdate: async (cur) => ({ ...cur!, data: { n: String(Number((cur!.data as { n: string }).n) + 1) } }),
      });
    await Promise.all(Array.from({ length: 20 }, (_, i) => inc(i % 2 ? a : b)));
    expect((await a.get('/counter')).data).toEqual({ n: '20' });
  });

  it('delivers every event of a transaction that writes several keys at one revision', async () => {
    const s = storage('/multi');
    const from = String(await s.currentRevision());
    const events = new EventReader(await s.watch('/m/', { recursive: true, resourceVersion: from }));
    await raw.kv.txn({
      success: [
        { request_put: { key: Buffer.from('/multi/m/a'), value: Buffer.from(JSON.stringify(cm('a'))) } },
        { request_put: { key: Buffer.from('/multi/m/b'), value: Buffer.from(JSON.stringify(cm('b'))) } },
      ],
    });
    const got = await events.take(2);
    expect(got.map((e) => [e.type, (e.object as ApiObject).metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
    expect(got[0]!.object.metadata.resourceVersion).toBe(got[1]!.object.metadata.resourceVersion);
    events.watcher.stop();
  });

  it('bookmarks of an idle watch advance with etcd progress notifications', async () => {
    const s = storage('/idle');
    const from = String(await s.currentRevision());
    const events = new EventReader(
      await s.watch('/quiet/', { recursive: true, resourceVersion: from, allowBookmarks: true, bookmarkIntervalMs: 50 }),
    );
    // Writes elsewhere move etcd's revision; this watch gets no event for them.
    const elsewhere = await storage('/busy').create('/x', cm('x'));
    let ev: WatchEvent = await events.next();
    while (Number(ev.object.metadata.resourceVersion) < Number(elsewhere.metadata.resourceVersion)) {
      expect(ev.type).toBe('BOOKMARK');
      ev = await events.next();
    }
    expect(ev.type).toBe('BOOKMARK');
    events.watcher.stop();
  });

  it('cuts off a watch whose consumer falls more than watchQueueLimit events behind', async () => {
    const s = storage('/slow', { watchQueueLimit: 5 });
    const from = String(await s.currentRevision());
    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: from }));
    for (let i = 0; i < 10; i++) await s.create(`/cm/x${i}`, cm(`x${i}`));
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await events.watcher[Symbol.asyncIterator]().next();
      if (r.done) break;
      seen.push((r.value.object as ApiObject).metadata.name!);
    }
    expect(seen).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
  });

  it('compactors sharing an etcd take turns through compact_rev_key and compact to the revision seen one round earlier', async () => {
    const kv = new EtcdKv({ endpoints: etcd.endpoints }, 5000);
    try {
      await raw.delete().key(compactRevKey);
      const a1 = await compactRound(kv, { version: 0, revision: 0 });
      expect(a1.version).toBe(1);
      const written = await storage('/compact').create('/old', cm('old'));
      await storage('/compact').guaranteedUpdate('/old', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '1' } }) });
      // B is a round behind: it loses the race and adopts A's counter without compacting.
      const b1 = await compactRound(kv, { version: 0, revision: 0 });
      expect(b1.version).toBe(1);
      expect(b1.revision).toBeGreaterThan(Number(written.metadata.resourceVersion));
      const b2 = await compactRound(kv, b1);
      expect(b2.version).toBe(2);
      // B won this round and compacted to the revision it saw in its previous one: the create's revision is gone.
      const err = await storage('/compact')
        .list('/', { resourceVersion: written.metadata.resourceVersion!, resourceVersionMatch: 'Exact' })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ status: { code: 410, reason: 'Expired' } });
    } finally {
      kv.close();
    }
  });

  it('the periodic compactor compacts history by itself', async () => {
    const s = storage('/periodic', { compactionIntervalMs: 100 });
    const first = await s.create('/a', cm('a'));
    const rv = first.metadata.resourceVersion!;
    const exact = () => s.list('/', { resourceVersion: rv, resourceVersionMatch: 'Exact' }).then(() => 'readable', (e: unknown) => e);
    let outcome: unknown = await exact();
    for (let i = 0; i < 100 && outcome === 'readable'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      outcome = await exact();
    }
    expect(outcome).toMatchObject({ status: { code: 410, reason: 'Expired' } });
  });
});
