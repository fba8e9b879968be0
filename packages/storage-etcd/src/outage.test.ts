/**
 * EtcdStorage when etcd goes away: calls fail fast with StorageError Unreachable (the server's
 * 503) or, for a hung etcd, with 504 Timeout at their deadline; watches resume from where they
 * were; and everything works again once etcd is back, with no new storage object.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusError, StorageError, type ApiObject } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd outage tests skipped: ${skip}`);

const cm = (name: string): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: `uid-${name}` }, data: {} });

/** Retries `fn` until it resolves (bounded), for waiting out a restart. */
async function eventually<T>(fn: () => Promise<T>, attempts = 150): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.skipIf(skip !== undefined)(`EtcdStorage when etcd is unreachable${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  const open: EtcdStorage[] = [];
  const storage = (prefix: string, requestTimeoutMs = 3000) => {
    const s = new EtcdStorage({ endpoints: etcd.endpoints, prefix, compactionIntervalMs: 0, requestTimeoutMs });
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await etcd?.stop();
  });

  it('fails reads, writes and watches with StorageError Unreachable while etcd is down, then recovers by itself', async () => {
    const s = storage('/down');
    const a = await s.create('/cm/a', cm('a'));
    await etcd.members[0]!.kill();
    // Each call gets its rejection handler at once: awaiting them one by one would leave a later
    // rejection unhandled while an earlier one is still pending.
    const calls = [s.get('/cm/a'), s.create('/cm/b', cm('b')), s.list('/cm/'), s.currentRevision(), s.watch('/cm/', { recursive: true })];
    const errors = await Promise.all(calls.map((call: Promise<unknown>) => call.then(() => undefined, (e: unknown) => e)));
    for (const err of errors) {
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('Unreachable');
    }
    await etcd.members[0]!.restart();
    expect(await eventually(() => s.get('/cm/a'))).toEqual(a);
    const b = await s.create('/cm/b', cm('b'));
    expect((await s.list('/cm/')).items).toEqual([a, b]);
  });

  it('a watch outlives an etcd restart and delivers the writes after it, none lost or repeated', async () => {
    const s = storage('/resume');
    const from = String(await s.currentRevision());
    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: from }), 30_000);
    const before = await s.create('/cm/before', cm('before'));
    await etcd.members[0]!.restart();
    const writer = storage('/resume');
    const after = await eventually(() => writer.create('/cm/after', cm('after')));
    const got = await events.take(2);
    expect(got.map((e) => [e.type, (e.object as ApiObject).metadata.name, e.object.metadata.resourceVersion])).toEqual([
      ['ADDED', 'before', before.metadata.resourceVersion],
      ['ADDED', 'after', after.metadata.resourceVersion],
    ]);
    events.watcher.stop();
  });

  it('a hung etcd (SIGSTOP) fails calls with 504 Timeout at their deadline; they work again after SIGCONT', async () => {
    const s = storage('/hung', 500);
    await s.create('/cm/a', cm('a'));
    etcd.members[0]!.pause();
    try {
      const err = await s.get('/cm/a').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).status).toMatchObject({ code: 504, reason: 'Timeout' });
    } finally {
      etcd.members[0]!.resume();
    }
    expect((await eventually(() => s.get('/cm/a'))).metadata.name).toBe('a');
  });
});
