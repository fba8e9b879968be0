/**
 * Conformance: create, get, delete, count, revisions and isolation of stored state.
 */
import { describe, expect, it } from 'vitest';
import { configMap, expectStatus, expectStorageError, rv, useHarness, type StorageHarnessFactory } from './harness.js';

export function crudTests(factory: StorageHarnessFactory): void {
  const h = useHarness(factory);

  describe('create and get', () => {
    it('create returns the object with a decimal resourceVersion and get returns the same object', async () => {
      const created = await h().storage.create('/cm/default/a', configMap('a', { data: { k: 'v' } }));
      expect(created).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } });
      expect(rv(created)).toBe(await h().storage.currentRevision());
      expect(await h().storage.get('/cm/default/a')).toEqual(created);
    });

    it('create fails with StorageError KeyExists when the key is present', async () => {
      await h().storage.create('/cm/default/a', configMap('a'));
      const err = await expectStorageError(h().storage.create('/cm/default/a', configMap('a')), 'KeyExists');
      expect(err.key).toBe('/cm/default/a');
    });

    it('create refuses an object that already carries a resourceVersion', async () => {
      const obj = configMap('a');
      obj.metadata.resourceVersion = '5';
      await expectStorageError(h().storage.create('/cm/default/a', obj), 'InvalidObject');
    });

    it('get fails with StorageError KeyNotFound for a missing key', async () => {
      const err = await expectStorageError(h().storage.get('/cm/default/missing'), 'KeyNotFound');
      expect(err.key).toBe('/cm/default/missing');
    });

    it('get with a resourceVersion the store has reached returns the latest object', async () => {
      const a = await h().storage.create('/cm/default/a', configMap('a'));
      await h().storage.create('/cm/default/b', configMap('b'));
      expect(await h().storage.get('/cm/default/a', { resourceVersion: a.metadata.resourceVersion })).toEqual(a);
      expect(await h().storage.get('/cm/default/a', { resourceVersion: '0' })).toEqual(a);
    });

    it('get fails with 400 BadRequest for a non-integer resourceVersion', async () => {
      await h().storage.create('/cm/default/a', configMap('a'));
      const err = await expectStatus(h().storage.get('/cm/default/a', { resourceVersion: 'abc' }), 400, 'BadRequest');
      expect(err.message).toContain('invalid resource version');
    });

    it('get and list with a resourceVersion newer than the store fail with 504 ResourceVersionTooLarge', async () => {
      await h().storage.create('/cm/default/a', configMap('a'));
      const future = String((await h().storage.currentRevision()) + 1000);
      const [getErr, listErr] = await Promise.all([
        expectStatus(h().storage.get('/cm/default/a', { resourceVersion: future }), 504, 'Timeout'),
        expectStatus(h().storage.list('/cm/', { resourceVersion: future }), 504, 'Timeout'),
      ]);
      for (const err of [getErr, listErr]) {
        expect(err.status.details?.causes?.[0]?.reason).toBe('ResourceVersionTooLarge');
        expect(err.message).toContain(`Too large resource version: ${future}`);
      }
    });
  });

  describe('revisions', () => {
    it('every write gets a strictly greater resourceVersion and currentRevision follows it', async () => {
      const s = h().storage;
      const start = await s.currentRevision();
      const a = await s.create('/cm/default/a', configMap('a'));
      const b = await s.create('/cm/default/b', configMap('b'));
      const a2 = await s.guaranteedUpdate('/cm/default/a', { tryUpdate: async (cur) => ({ ...cur!, data: { x: '1' } }) });
      const bGone = await s.delete('/cm/default/b');
      const rvs = [start, rv(a), rv(b), rv(a2), rv(bGone)];
      for (let i = 1; i < rvs.length; i++) expect(rvs[i]).toBeGreaterThan(rvs[i - 1]!);
      expect(await s.currentRevision()).toBe(rv(bGone));
    });

    it('reads do not change the revision', async () => {
      const s = h().storage;
      await s.create('/cm/default/a', configMap('a'));
      const before = await s.currentRevision();
      await s.get('/cm/default/a');
      await s.list('/cm/');
      await s.count('/cm/');
      expect(await s.currentRevision()).toBe(before);
    });
  });

  describe('delete', () => {
    it('delete returns the deleted object carrying the deleting revision', async () => {
      const s = h().storage;
      const created = await s.create('/cm/default/a', configMap('a', { data: { k: 'v' } }));
      const deleted = await s.delete('/cm/default/a');
      expect(deleted).toMatchObject({ metadata: { name: 'a', uid: 'uid-a' }, data: { k: 'v' } });
      expect(rv(deleted)).toBeGreaterThan(rv(created));
      expect(rv(deleted)).toBe(await s.currentRevision());
      await expectStorageError(s.get('/cm/default/a'), 'KeyNotFound');
    });

    it('delete of a missing key fails with StorageError KeyNotFound', async () => {
      await expectStorageError(h().storage.delete('/cm/default/missing'), 'KeyNotFound');
    });

    it('delete with a failed uid or resourceVersion precondition fails with Conflict and keeps the object', async () => {
      const s = h().storage;
      const created = await s.create('/cm/default/a', configMap('a'));
      const uidErr = await expectStorageError(s.delete('/cm/default/a', { preconditions: { uid: 'other' } }), 'Conflict');
      expect(uidErr.message).toContain('Precondition failed: UID in precondition: other');
      await expectStorageError(s.delete('/cm/default/a', { preconditions: { resourceVersion: '1' } }), 'Conflict');
      expect(await s.get('/cm/default/a')).toEqual(created);
      const deleted = await s.delete('/cm/default/a', {
        preconditions: { uid: 'uid-a', resourceVersion: created.metadata.resourceVersion! },
      });
      expect(deleted.metadata.name).toBe('a');
    });

    it('validateDeletion can refuse a delete', async () => {
      const s = h().storage;
      await s.create('/cm/default/a', configMap('a'));
      const refusal = new Error('not now');
      const err = await s
        .delete('/cm/default/a', {
          validateDeletion: async () => {
            throw refusal;
          },
        })
        .catch((e: unknown) => e);
      expect(err).toBe(refusal);
      expect((await s.get('/cm/default/a')).metadata.name).toBe('a');
    });

    it('validateDeletion runs again on the fresh object when another writer got in first', async () => {
      const s = h().storage;
      await s.create('/cm/default/a', configMap('a'));
      const seen: string[] = [];
      let interfered = false;
      const deleted = await s.delete('/cm/default/a', {
        validateDeletion: async (cur) => {
          seen.push((cur.data as Record<string, string>).v ?? 'none');
          if (!interfered) {
            interfered = true;
            await s.guaranteedUpdate('/cm/default/a', { tryUpdate: async (c) => ({ ...c!, data: { v: 'new' } }) });
          }
        },
      });
      expect(seen).toEqual(['none', 'new']);
      expect(deleted.data).toEqual({ v: 'new' });
    });
  });

  describe('count', () => {
    it('count counts only the keys under the prefix', async () => {
      const s = h().storage;
      await s.create('/a/x', configMap('x'));
      await s.create('/a/y', configMap('y'));
      await s.create('/ab/z', configMap('z'));
      expect(await s.count('/a/')).toBe(2);
      expect(await s.count('/ab/')).toBe(1);
      expect(await s.count('/none/')).toBe(0);
    });
  });

  describe('isolation of stored state', () => {
    it('mutating the object passed to create or returned by any call does not change storage', async () => {
      const s = h().storage;
      const input = configMap('a', { data: { k: 'v' }, labels: { app: 'web' } });
      const created = await s.create('/cm/default/a', input);
      const snapshot = structuredClone(created);
      (input.data as Record<string, string>).k = 'input';
      (created.data as Record<string, string>).k = 'created';
      const got = await s.get('/cm/default/a');
      (got.metadata.labels as Record<string, string>).app = 'got';
      const listed = await s.list('/cm/');
      listed.items[0]!.metadata.name = 'listed';
      expect(await s.get('/cm/default/a')).toEqual(snapshot);
    });

    it('mutating the object a tryUpdate receives does not change storage when the update throws', async () => {
      const s = h().storage;
      const created = await s.create('/cm/default/a', configMap('a', { data: { k: 'v' } }));
      await s
        .guaranteedUpdate('/cm/default/a', {
          tryUpdate: async (cur) => {
            (cur!.data as Record<string, string>).k = 'mutated';
            throw new Error('abort');
          },
        })
        .catch(() => undefined);
      expect(await s.get('/cm/default/a')).toEqual(created);
    });
  });
}
