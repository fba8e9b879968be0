/**
 * Conformance: list order, prefixes, pagination snapshots, continue tokens and
 * resourceVersion semantics (NotOlderThan, Exact, compaction).
 */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { configMap, expectStatus, rv, useHarness, type StorageHarnessFactory } from './harness.js';

const names = (items: ApiObject[]): Array<string | undefined> => items.map((i) => i.metadata.name);

export function listTests(factory: StorageHarnessFactory): void {
  const h = useHarness(factory);

  async function seed(count: number): Promise<ApiObject[]> {
    const out: ApiObject[] = [];
    for (let i = 0; i < count; i++) out.push(await h().storage.create(`/cm/ns/item-${i}`, configMap(`item-${i}`, { namespace: 'ns', data: { v: '0' } })));
    return out;
  }

  describe('list', () => {
    it('returns items in key order, each with its own resourceVersion, at the store revision', async () => {
      const s = h().storage;
      for (const n of ['c', 'a', 'b']) await s.create(`/cm/ns/${n}`, configMap(n, { namespace: 'ns' }));
      const list = await s.list('/cm/');
      expect(names(list.items)).toEqual(['a', 'b', 'c']);
      expect(list.resourceVersion).toBe(String(await s.currentRevision()));
      expect(list.continue).toBeUndefined();
      expect(new Set(list.items.map((i) => i.metadata.resourceVersion)).size).toBe(3);
      expect(await s.get('/cm/ns/a')).toEqual(list.items[0]);
    });

    it('returns an empty list with the store revision for an empty prefix', async () => {
      const s = h().storage;
      await s.create('/other/x', configMap('x'));
      const list = await s.list('/cm/');
      expect(list.items).toEqual([]);
      expect(list.resourceVersion).toBe(String(await s.currentRevision()));
    });

    it('a list of /a/ does not return keys of /ab/', async () => {
      const s = h().storage;
      await s.create('/a/x', configMap('x'));
      await s.create('/ab/x', configMap('ab-x'));
      await s.create('/a', configMap('a-itself'));
      expect(names((await s.list('/a/')).items)).toEqual(['x']);
      expect(names((await s.list('/ab/')).items)).toEqual(['ab-x']);
    });

    it('list with resourceVersion "0" or an old NotOlderThan resourceVersion returns the latest state', async () => {
      const s = h().storage;
      const [first] = await seed(2);
      await s.delete('/cm/ns/item-1');
      const latest = String(await s.currentRevision());
      for (const resourceVersion of ['0', first!.metadata.resourceVersion!]) {
        const list = await s.list('/cm/', { resourceVersion, resourceVersionMatch: 'NotOlderThan' });
        expect(names(list.items)).toEqual(['item-0']);
        expect(list.resourceVersion).toBe(latest);
      }
    });

    it('fails with 400 BadRequest for a non-integer resourceVersion', async () => {
      const err = await expectStatus(h().storage.list('/cm/', { resourceVersion: '12a' }), 400, 'BadRequest');
      expect(err.message).toContain('invalid resource version');
    });
  });

  describe('resourceVersionMatch Exact', () => {
    it('reads the state at an old revision', async () => {
      const s = h().storage;
      const [a] = await seed(2);
      const atSeed = String(await s.currentRevision());
      await s.guaranteedUpdate('/cm/ns/item-0', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '1' } }) });
      await s.delete('/cm/ns/item-1');
      await s.create('/cm/ns/item-2', configMap('item-2', { namespace: 'ns' }));

      const old = await s.list('/cm/', { resourceVersion: atSeed, resourceVersionMatch: 'Exact' });
      expect(old.resourceVersion).toBe(atSeed);
      expect(names(old.items)).toEqual(['item-0', 'item-1']);
      expect(old.items[0]).toEqual(a);
      const atFirst = await s.list('/cm/', { resourceVersion: a!.metadata.resourceVersion!, resourceVersionMatch: 'Exact' });
      expect(names(atFirst.items)).toEqual(['item-0']);
      expect(names((await s.list('/cm/')).items)).toEqual(['item-0', 'item-2']);
    });

    it('fails with 410 Expired for a compacted revision', async () => {
      const s = h().storage;
      const [a] = await seed(1);
      await s.guaranteedUpdate('/cm/ns/item-0', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '1' } }) });
      await s.guaranteedUpdate('/cm/ns/item-0', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '2' } }) });
      await h().compact(await s.currentRevision());
      const err = await expectStatus(
        s.list('/cm/', { resourceVersion: a!.metadata.resourceVersion!, resourceVersionMatch: 'Exact' }),
        410,
        'Expired',
      );
      expect(err.message).toContain(`too old resource version: ${rv(a!)}`);
    });
  });

  describe('pagination', () => {
    it('pages through every item exactly once with continue tokens and remainingItemCount', async () => {
      const s = h().storage;
      await seed(7);
      const seen: Array<string | undefined> = [];
      let page = await s.list('/cm/', { limit: 3 });
      expect(page.remainingItemCount).toBe(4);
      seen.push(...names(page.items));
      const listRv = page.resourceVersion;
      while (page.continue) {
        page = await s.list('/cm/', { limit: 3, continue: page.continue });
        expect(page.resourceVersion).toBe(listRv);
        seen.push(...names(page.items));
      }
      expect(seen).toEqual(['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
      expect(page.remainingItemCount).toBeUndefined();
    });

    it('gives no continue token when the limit covers every item', async () => {
      await seed(3);
      const page = await h().storage.list('/cm/', { limit: 3 });
      expect(names(page.items)).toHaveLength(3);
      expect(page.continue).toBeUndefined();
    });

    it('pages stay on the first page snapshot while writes happen between pages', async () => {
      const s = h().storage;
      await seed(10);
      const first = await s.list('/cm/', { limit: 4 });
      expect(names(first.items)).toEqual(['item-0', 'item-1', 'item-2', 'item-3']);

      await s.delete('/cm/ns/item-5');
      await s.create('/cm/ns/item-4a', configMap('item-4a', { namespace: 'ns' }));
      await s.guaranteedUpdate('/cm/ns/item-7', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '1' } }) });
      await s.create('/cm/ns/item-99', configMap('item-99', { namespace: 'ns' }));
      const second = await s.list('/cm/', { limit: 4, continue: first.continue! });
      expect(names(second.items)).toEqual(['item-4', 'item-5', 'item-6', 'item-7']);
      expect(second.items[3]!.data).toEqual({ v: '0' });
      expect(second.resourceVersion).toBe(first.resourceVersion);

      await s.delete('/cm/ns/item-9');
      await s.create('/cm/ns/item-8a', configMap('item-8a', { namespace: 'ns' }));
      const third = await s.list('/cm/', { limit: 4, continue: second.continue! });
      expect(names(third.items)).toEqual(['item-8', 'item-9']);
      expect(third.continue).toBeUndefined();
      expect(third.resourceVersion).toBe(first.resourceVersion);
    });

    it('a continue token whose snapshot was compacted fails with 410 Expired', async () => {
      const s = h().storage;
      await seed(5);
      const first = await s.list('/cm/', { limit: 2 });
      await s.create('/cm/ns/late-1', configMap('late-1', { namespace: 'ns' }));
      await s.create('/cm/ns/late-2', configMap('late-2', { namespace: 'ns' }));
      await h().compact(await s.currentRevision());
      const err = await expectStatus(s.list('/cm/', { limit: 2, continue: first.continue! }), 410, 'Expired');
      expect(err.message).toContain('The provided continue parameter is too old');
    });

    it('a malformed continue token fails with 400 BadRequest', async () => {
      const s = h().storage;
      await seed(1);
      for (const token of ['not a token!', Buffer.from('{"v":"meta.k8s.io/v1","rv":0,"start":"x"}').toString('base64url')]) {
        const err = await expectStatus(s.list('/cm/', { limit: 1, continue: token }), 400, 'BadRequest');
        expect(err.message).toContain('continue key is not valid');
      }
    });

    it('a continue token together with a resourceVersion fails with 400 BadRequest', async () => {
      const s = h().storage;
      await seed(3);
      const first = await s.list('/cm/', { limit: 1 });
      const err = await expectStatus(
        s.list('/cm/', { limit: 1, continue: first.continue!, resourceVersion: first.resourceVersion }),
        400,
        'BadRequest',
      );
      expect(err.message).toBe('specifying resource version is not allowed when using continue');
    });
  });
}
