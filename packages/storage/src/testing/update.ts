/**
 * Conformance: guaranteedUpdate, the compare-and-swap loop.
 */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { countOf, counter, expectStorageError, rv, tick, useHarness, type StorageHarnessFactory } from './harness.js';

export function updateTests(factory: StorageHarnessFactory): void {
  const h = useHarness(factory);
  const key = '/counters/c';

  describe('guaranteedUpdate', () => {
    it('passes the current object to tryUpdate and stores the result at a new revision', async () => {
      const s = h().storage;
      const created = await s.create(key, counter('c', 0));
      let received: unknown;
      const updated = await s.guaranteedUpdate(key, {
        tryUpdate: async (cur) => {
          received = structuredClone(cur);
          return { ...cur!, spec: { count: 1 } };
        },
      });
      expect(received).toEqual(created);
      expect(countOf(updated)).toBe(1);
      expect(rv(updated)).toBeGreaterThan(rv(created));
      expect(await s.get(key)).toEqual(updated);
    });

    it('20 concurrent increments all land, and every retry of tryUpdate sees fresh data', async () => {
      const s = h().storage;
      await s.create(key, counter('c', 0));
      const attempts: Array<Array<{ rv: number; count: number }>> = Array.from({ length: 20 }, () => []);
      const results = await Promise.all(
        attempts.map((seen) =>
          s.guaranteedUpdate(key, {
            tryUpdate: async (cur) => {
              seen.push({ rv: rv(cur!), count: countOf(cur) });
              await tick();
              return { ...cur!, spec: { count: countOf(cur) + 1 } };
            },
          }),
        ),
      );
      expect(countOf(await s.get(key))).toBe(20);
      expect(results.map(countOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      for (const seen of attempts) {
        for (let i = 1; i < seen.length; i++) {
          expect(seen[i]!.rv).toBeGreaterThan(seen[i - 1]!.rv);
          expect(seen[i]!.count).toBeGreaterThan(seen[i - 1]!.count);
        }
      }
    });

    it('fails with Conflict when the uid or resourceVersion precondition does not hold', async () => {
      const s = h().storage;
      const created = await s.create(key, counter('c', 0));
      const tryUpdate = async (cur: ApiObject | null): Promise<ApiObject> => ({ ...cur!, spec: { count: 9 } });
      const uidErr = await expectStorageError(s.guaranteedUpdate(key, { preconditions: { uid: 'other' }, tryUpdate }), 'Conflict');
      expect(uidErr.message).toBe('Precondition failed: UID in precondition: other, UID in object meta: uid-c');
      const rvErr = await expectStorageError(
        s.guaranteedUpdate(key, { preconditions: { resourceVersion: '1' }, tryUpdate }),
        'Conflict',
      );
      expect(rvErr.message).toBe(
        `Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${created.metadata.resourceVersion}`,
      );
      expect(await s.get(key)).toEqual(created);
      const ok = await s.guaranteedUpdate(key, {
        preconditions: { uid: 'uid-c', resourceVersion: created.metadata.resourceVersion! },
        tryUpdate,
      });
      expect(countOf(ok)).toBe(9);
    });

    it('an update that changes nothing writes nothing and returns the current object', async () => {
      const s = h().storage;
      const created = await s.create(key, counter('c', 0));
      const before = await s.currentRevision();
      const same = await s.guaranteedUpdate(key, { tryUpdate: async (cur) => structuredClone(cur!) });
      expect(same).toEqual(created);
      const otherRv = await s.guaranteedUpdate(key, {
        tryUpdate: async (cur) => ({ ...cur!, metadata: { ...cur!.metadata, resourceVersion: '12345' } }),
      });
      expect(otherRv).toEqual(created);
      expect(await s.currentRevision()).toBe(before);
    });

    it('fails with KeyNotFound for a missing key without calling tryUpdate', async () => {
      let called = false;
      await expectStorageError(
        h().storage.guaranteedUpdate('/counters/missing', {
          tryUpdate: async (cur) => {
            called = true;
            return cur!;
          },
        }),
        'KeyNotFound',
      );
      expect(called).toBe(false);
    });

    it('with ignoreNotFound passes null for a missing key and creates the result', async () => {
      const s = h().storage;
      let received: unknown = 'unset';
      const created = await s.guaranteedUpdate(key, {
        ignoreNotFound: true,
        tryUpdate: async (cur) => {
          received = cur;
          return counter('c', 1);
        },
      });
      expect(received).toBeNull();
      expect(countOf(created)).toBe(1);
      expect(rv(created)).toBe(await s.currentRevision());
      expect(await s.get(key)).toEqual(created);
    });

    it('an error thrown by tryUpdate aborts the update', async () => {
      const s = h().storage;
      const created = await s.create(key, counter('c', 0));
      const boom = new Error('boom');
      const err = await s
        .guaranteedUpdate(key, {
          tryUpdate: async () => {
            throw boom;
          },
        })
        .catch((e: unknown) => e);
      expect(err).toBe(boom);
      expect(await s.get(key)).toEqual(created);
    });

    it('fails with KeyNotFound when the key is deleted while tryUpdate runs', async () => {
      const s = h().storage;
      await s.create(key, counter('c', 0));
      let calls = 0;
      await expectStorageError(
        s.guaranteedUpdate(key, {
          tryUpdate: async (cur) => {
            calls++;
            await s.delete(key);
            return { ...cur!, spec: { count: 1 } };
          },
        }),
        'KeyNotFound',
      );
      expect(calls).toBe(1);
      await expectStorageError(s.get(key), 'KeyNotFound');
    });
  });
}
