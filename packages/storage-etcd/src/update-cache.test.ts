/**
 * guaranteedUpdate starts from the state this storage last wrote or read (one round trip), and
 * that state can be stale when another writer (another replica) changed the key since: every
 * decision taken on it — a compare-and-swap, a precondition, a tryUpdate refusal, a no-op — is
 * taken again on the current object before it counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError, type ApiObject } from '@apiserver-kit/core';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd update cache tests skipped: ${skip}`);

/** The `v` data field of an object. */
const vOf = (o: ApiObject | null): string => (o!.data as Record<string, string>).v!;
const cm = (name: string, v: string): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: `uid-${name}` }, data: { v } });
const withV = (cur: ApiObject | null, v: string): ApiObject => ({ ...cur!, data: { v } }) as ApiObject;

describe.skipIf(skip !== undefined)(`EtcdStorage.guaranteedUpdate from a remembered state${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let mine: EtcdStorage;
  let theirs: EtcdStorage;
  let n = 0;
  /** A key `mine` created (so it remembers it), then `theirs` changed to v=2. */
  const staleKey = async () => {
    const key = `/cm/k${n++}`;
    await mine.create(key, cm('k', '1'));
    await theirs.guaranteedUpdate(key, { tryUpdate: async (cur) => withV(cur, '2') });
    return key;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
    mine = new EtcdStorage({ endpoints: etcd.endpoints, prefix: '/cache', compactionIntervalMs: 0 });
    theirs = new EtcdStorage({ endpoints: etcd.endpoints, prefix: '/cache', compactionIntervalMs: 0 });
  });
  afterAll(async () => {
    await mine?.close();
    await theirs?.close();
    await etcd?.stop();
  });

  it('applies tryUpdate to the current object when the remembered one is stale', async () => {
    const key = await staleKey();
    const seen: string[] = [];
    const out = await mine.guaranteedUpdate(key, {
      tryUpdate: async (cur) => {
        seen.push(vOf(cur));
        return withV(cur, `${vOf(cur)}+1`);
      },
    });
    expect(seen).toEqual(['1', '2']); // the remembered state, then the current one the failed swap returned
    expect(out.data).toEqual({ v: '2+1' });
    expect(await theirs.get(key)).toEqual(out);
  });

  it('checks a resourceVersion precondition against the current object, not the remembered one', async () => {
    const key = await staleKey();
    const current = await theirs.get(key);
    const out = await mine.guaranteedUpdate(key, { preconditions: { resourceVersion: current.metadata.resourceVersion! }, tryUpdate: async (cur) => withV(cur, '3') });
    expect(out.data).toEqual({ v: '3' });
    // And a precondition that fails on the current object still fails.
    await expect(mine.guaranteedUpdate(key, { preconditions: { resourceVersion: current.metadata.resourceVersion! }, tryUpdate: async (cur) => withV(cur, '4') })).rejects.toMatchObject({ code: 'Conflict' });
  });

  it('asks tryUpdate again on the current object when it refused the remembered one', async () => {
    const key = await staleKey();
    let calls = 0;
    const out = await mine.guaranteedUpdate(key, {
      tryUpdate: async (cur) => {
        calls++;
        if (vOf(cur) !== '2') throw new Error(`refused v=${vOf(cur)}`);
        return withV(cur, 'ok');
      },
    });
    expect(calls).toBe(2);
    expect(out.data).toEqual({ v: 'ok' });
  });

  it('writes a change that looked like a no-op on the remembered object', async () => {
    const key = await staleKey();
    const out = await mine.guaranteedUpdate(key, { tryUpdate: async (cur) => withV(cur, '1') }); // v=1 is what it remembers
    expect(out.data).toEqual({ v: '1' });
    expect((await theirs.get(key)).data).toEqual({ v: '1' });
  });

  it('fails with KeyNotFound when the remembered key was deleted by another writer', async () => {
    const key = await staleKey();
    await theirs.delete(key);
    await expect(mine.guaranteedUpdate(key, { tryUpdate: async (cur) => withV(cur, 'x') })).rejects.toMatchObject({ code: 'KeyNotFound' });
    await expect(theirs.get(key)).rejects.toBeInstanceOf(StorageError);
  });

  it('with updateCacheSize 0 remembers nothing and reads first', async () => {
    const none = new EtcdStorage({ endpoints: etcd.endpoints, prefix: '/cache', compactionIntervalMs: 0, updateCacheSize: 0 });
    try {
      const key = `/cm/k${n++}`;
      await none.create(key, cm('k', '1'));
      await theirs.guaranteedUpdate(key, { tryUpdate: async (cur) => withV(cur, '2') });
      const seen: string[] = [];
      await none.guaranteedUpdate(key, { tryUpdate: async (cur) => (seen.push(vOf(cur)), withV(cur, '3')) });
      expect(seen).toEqual(['2']);
    } finally {
      await none.close();
    }
  });
});
