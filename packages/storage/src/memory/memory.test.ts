import { describe, expect, it } from 'vitest';
import { StatusError } from '@apiserver-kit/core';
import { EventReader, runStorageConformance } from '@apiserver-kit/storage/testing';
import { MemoryStorage } from './memory-storage.js';

runStorageConformance('memory', async () => {
  const storage = new MemoryStorage({ resourceVersionWaitMs: 50 });
  return { storage, compact: async (revision) => storage.compact(revision), cleanup: () => storage.close() };
});

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('MemoryStorage', () => {
  it('starts at revision 1 and gives the first write revision 2, like etcd', async () => {
    const s = new MemoryStorage();
    expect(await s.currentRevision()).toBe(1);
    expect((await s.create('/a', cm('a'))).metadata.resourceVersion).toBe('2');
  });

  it('keeps only historySize writes: older revisions are compacted for watch and Exact list', async () => {
    const s = new MemoryStorage({ historySize: 5 });
    for (let i = 0; i < 10; i++) await s.create(`/cm/x${i}`, cm(`x${i}`));
    // Revisions 2..11 were written; the last 5 writes (7..11) are kept, so 6 is the oldest readable.
    const expired = await s.watch('/cm/', { recursive: true, resourceVersion: '5' }).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(StatusError);
    expect((expired as StatusError).status).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 5 (6)' });
    const exact = await s.list('/cm/', { resourceVersion: '5', resourceVersionMatch: 'Exact' }).catch((e: unknown) => e);
    expect((exact as StatusError).status.code).toBe(410);

    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: '6' }));
    const rvs = (await events.take(5)).map((e) => e.object.metadata.resourceVersion);
    expect(rvs).toEqual(['7', '8', '9', '10', '11']);
    events.watcher.stop();
    const at6 = await s.list('/cm/', { resourceVersion: '6', resourceVersionMatch: 'Exact' });
    expect(at6.items.map((i) => i.metadata.name)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
  });

  it('a read for a resourceVersion newer than the store waits for the write that reaches it', async () => {
    const s = new MemoryStorage({ resourceVersionWaitMs: 60_000 });
    const next = String((await s.currentRevision()) + 1);
    const pending = s.get('/a', { resourceVersion: next });
    await s.create('/a', cm('a'));
    expect((await pending).metadata.resourceVersion).toBe(next);
  });

  it('compact refuses a future revision', () => {
    expect(() => new MemoryStorage().compact(5)).toThrow(RangeError);
  });

  it('a watch consumer too far behind is cut off after what it has queued', async () => {
    const s = new MemoryStorage({ watchQueueLimit: 3 });
    const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: '1' }));
    for (let i = 0; i < 5; i++) await s.create(`/cm/x${i}`, cm(`x${i}`));
    expect((await events.take(3)).map((e) => e.object.metadata.resourceVersion)).toEqual(['2', '3', '4']);
    await events.ended();
  });

  it('fails every call after close with StorageError Unreachable', async () => {
    const s = new MemoryStorage();
    await s.close();
    await expect(s.get('/a')).rejects.toMatchObject({ code: 'Unreachable' });
    await expect(s.watch('/a')).rejects.toMatchObject({ code: 'Unreachable' });
  });
});
