import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusError, StorageError, type ApiObject } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import { openDatabase } from './database.js';
import { SqliteStorage, type SqliteStorageOptions } from './sqlite-storage.js';

const cm = (name: string, data: Record<string, string> = {}): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });
const counter = (n: number): ApiObject => ({ apiVersion: 'v1', kind: 'Counter', metadata: { name: 'c' }, spec: { count: n } });
const countOf = (o: ApiObject): number => (o.spec as { count: number }).count;
const rv = (o: ApiObject): number => Number(o.metadata.resourceVersion);

let dir: string;
const open: SqliteStorage[] = [];
function openStorage(options: Partial<SqliteStorageOptions> = {}): SqliteStorage {
  const s = new SqliteStorage({ path: join(dir, 'db', 'kine.db'), resourceVersionWaitMs: 50, ...options });
  open.push(s);
  return s;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storage-sqlite-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await rm(dir, { recursive: true, force: true });
});

async function expired(promise: Promise<unknown>): Promise<StatusError> {
  const err = await promise.then(
    () => expect.fail('expected 410 Expired'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StatusError);
  expect((err as StatusError).status).toMatchObject({ code: 410, reason: 'Expired' });
  return err as StatusError;
}

describe('SqliteStorage revisions and restarts', () => {
  it('starts at revision 1 and gives the first write revision 2, like etcd', async () => {
    const s = openStorage();
    expect(await s.currentRevision()).toBe(1);
    expect((await s.create('/a', cm('a'))).metadata.resourceVersion).toBe('2');
  });

  it('keeps every acknowledged write across close and reopen, and continues the revisions', async () => {
    const s = openStorage();
    const a = await s.create('/cm/a', cm('a', { k: 'v' }));
    const b = await s.create('/cm/b', cm('b'));
    const a2 = await s.guaranteedUpdate('/cm/a', { tryUpdate: async (cur) => ({ ...cur!, data: { k: 'v2' } }) });
    const bGone = await s.delete('/cm/b');
    await s.close();

    const again = openStorage();
    expect(await again.currentRevision()).toBe(rv(bGone));
    expect(await again.get('/cm/a')).toEqual(a2);
    expect((await again.list('/cm/')).items).toEqual([a2]);
    const old = await again.list('/cm/', { resourceVersion: b.metadata.resourceVersion!, resourceVersionMatch: 'Exact' });
    expect(old.items).toEqual([a, b]);
    // A watch resumed after the restart replays the log, DELETED carrying the last state.
    const events = new EventReader(await again.watch('/cm/', { recursive: true, resourceVersion: b.metadata.resourceVersion! }));
    const got = await events.take(2);
    expect(got.map((e) => [e.type, e.object])).toEqual([
      ['MODIFIED', a2],
      ['DELETED', bGone],
    ]);
    events.watcher.stop();
    expect(rv(await again.create('/cm/c', cm('c')))).toBe(rv(bGone) + 1);
  });

  it('does not reuse revisions after compacting away a trailing delete', async () => {
    const s = openStorage();
    await s.create('/cm/a', cm('a'));
    const gone = await s.delete('/cm/a');
    await s.compact(rv(gone));
    await s.close();
    const again = openStorage();
    expect(await again.currentRevision()).toBe(rv(gone));
    expect(rv(await again.create('/cm/a', cm('a')))).toBe(rv(gone) + 1);
  });

  it('close() commits writes that are still queued', async () => {
    const s = openStorage();
    const pending = s.create('/cm/a', cm('a'));
    await s.close();
    const created = await pending;
    const again = openStorage();
    expect(await again.get('/cm/a')).toEqual(created);
    await expect(s.get('/cm/a')).rejects.toMatchObject({ code: 'Unreachable' });
  });

  it('opens the file durable (WAL, synchronous FULL, exclusive) with a 10 000-page checkpoint and a 32 MiB cache', () => {
    const db = openDatabase(join(dir, 'pragmas.db'));
    try {
      const get = (name: string) => db.pragma(name, { simple: true });
      expect([get('journal_mode'), get('synchronous'), get('locking_mode'), get('wal_autocheckpoint'), get('cache_size')]).toEqual([
        'wal',
        2, // FULL
        'exclusive',
        10_000,
        -32_768,
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses a second owner of the file while it is open', () => {
    openStorage();
    expect(() => openStorage({ lockTimeoutMs: 10 })).toThrow(/in use by another process/);
  });
});

describe('SqliteStorage history', () => {
  it('keeps historyRevisions revisions readable and answers 410 for older ones, also after a restart', async () => {
    const s = openStorage({ historyRevisions: 5 });
    const written: ApiObject[] = [];
    for (let i = 0; i < 20; i++) written.push(await s.create(`/cm/x${i}`, cm(`x${i}`)));
    const latest = await s.currentRevision();
    const { compactedRevision } = s.stats();
    expect(compactedRevision).toBeGreaterThan(2);
    expect(compactedRevision).toBeLessThanOrEqual(latest - 5);

    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: String(latest - 5) }));
    expect((await events.take(5)).map((e) => rv(e.object as ApiObject))).toEqual(written.slice(-5).map(rv));
    events.watcher.stop();
    const at = await s.list('/cm/', { resourceVersion: String(compactedRevision), resourceVersionMatch: 'Exact' });
    expect(at.items).toHaveLength(compactedRevision - 1);

    const err = await expired(s.watch('/cm/', { recursive: true, resourceVersion: '2' }));
    expect(err.message).toBe(`too old resource version: 2 (${compactedRevision})`);
    await s.close();
    const again = openStorage({ historyRevisions: 5 });
    await expired(again.list('/cm/', { resourceVersion: '2', resourceVersionMatch: 'Exact' }));
    expect((await again.list('/cm/')).items).toHaveLength(20);
  });

  it('compaction keeps the state at the compacted revision, including keys deleted and recreated', async () => {
    const s = openStorage({ historyRevisions: 1000 });
    await s.create('/cm/a', cm('a', { v: '1' }));
    await s.delete('/cm/a');
    const a = await s.create('/cm/a', cm('a', { v: '2' }));
    await s.create('/cm/b', cm('b'));
    const bGone = await s.delete('/cm/b');
    const at = rv(bGone);
    const a3 = await s.guaranteedUpdate('/cm/a', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '3' } }) });
    await s.compact(at);
    expect((await s.list('/cm/', { resourceVersion: String(at), resourceVersionMatch: 'Exact' })).items).toEqual([a]);
    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: String(at) }));
    expect((await events.next()).object).toEqual(a3);
    events.watcher.stop();
    await expired(s.list('/cm/', { resourceVersion: String(at - 1), resourceVersionMatch: 'Exact' }));
  });
});

describe('SqliteStorage group commit', () => {
  it('concurrent writes share one transaction, each answered with its own revision', async () => {
    const s = openStorage();
    const before = s.stats();
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(`/cm/x${i}`, cm(`x${i}`))));
    const after = s.stats();
    expect(after.writes - before.writes).toBe(50);
    expect(after.batches - before.batches).toBe(1);
    expect(created.map(rv)).toEqual(Array.from({ length: 50 }, (_, i) => before.revision + 1 + i));
  });

  it('a guaranteedUpdate whose revision an earlier write of the same batch changed conflicts and retries', async () => {
    const s = openStorage();
    await s.create('/c', counter(0));
    const seen: number[] = [];
    const increment = () =>
      s.guaranteedUpdate('/c', {
        tryUpdate: async (cur) => {
          seen.push(rv(cur!));
          return { ...cur!, spec: { count: countOf(cur!) + 1 } };
        },
      });
    const before = s.stats();
    const results = await Promise.all([increment(), increment()]);
    const after = s.stats();
    expect(results.map(countOf).sort()).toEqual([1, 2]);
    expect(countOf(await s.get('/c'))).toBe(2);
    // Both writes went into the first batch (one lost), the retry into a second one.
    expect(after.batches - before.batches).toBe(2);
    expect(after.writes - before.writes).toBe(3);
    expect(seen).toEqual([before.revision, before.revision, before.revision + 1]);
  });

  it('of two creates of one key in the same batch, one succeeds and the other fails with KeyExists', async () => {
    const s = openStorage();
    const outcomes = await Promise.allSettled([s.create('/cm/a', cm('a', { n: '1' })), s.create('/cm/a', cm('a', { n: '2' }))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    const reason = (outcomes[1] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(StorageError);
    expect((reason as StorageError).code).toBe('KeyExists');
    expect((await s.get('/cm/a')).data).toEqual({ n: '1' });
  });

  it('a delete racing an update in the same batch retries against the updated object', async () => {
    const s = openStorage();
    await s.create('/cm/a', cm('a', { v: '1' }));
    const before = s.stats();
    const [updated, deleted] = await Promise.all([
      s.guaranteedUpdate('/cm/a', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '2' } }) }),
      s.delete('/cm/a', { validateDeletion: async () => undefined }),
    ]);
    expect(deleted.data).toEqual({ v: '2' });
    expect(rv(deleted)).toBe(rv(updated) + 1);
    expect(s.stats().batches - before.batches).toBe(2);
    expect(s.stats().writes - before.writes).toBe(3);
  });

  it('watchers get each committed batch without polling, in revision order', async () => {
    const s = openStorage();
    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: String(await s.currentRevision()) }));
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => s.create(`/cm/x${i}`, cm(`x${i}`))));
    const got = await events.take(10);
    expect(got.map((e) => rv(e.object as ApiObject))).toEqual(created.map(rv));
    events.watcher.stop();
  });
});
