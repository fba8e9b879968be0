/**
 * Conformance: label and field selectors in list and watch, including kube's watch transitions
 * (an object entering the selection is ADDED, one leaving it is DELETED).
 */
import { describe, expect, it } from 'vitest';
import { parseFieldSelector, parseLabelSelector, type ApiObject, type Predicate } from '@apiserver-kit/core';
import { EventReader, configMap, rv, summary, useHarness, type StorageHarnessFactory } from './harness.js';

const names = (items: ApiObject[]): Array<string | undefined> => items.map((i) => i.metadata.name);
const labels = (selector: string): Predicate => ({ label: parseLabelSelector(selector) });
const relabel =
  (app: string) =>
  async (cur: ApiObject | null): Promise<ApiObject> => ({ ...cur!, metadata: { ...cur!.metadata, labels: { app } } });

export function selectorTests(factory: StorageHarnessFactory): void {
  const h = useHarness(factory);

  async function seed(): Promise<void> {
    const s = h().storage;
    await s.create('/cm/ns1/a', configMap('a', { namespace: 'ns1', labels: { app: 'web' } }));
    await s.create('/cm/ns1/b', configMap('b', { namespace: 'ns1', labels: { app: 'db' } }));
    await s.create('/cm/ns2/c', configMap('c', { namespace: 'ns2', labels: { app: 'web', tier: 'front' } }));
    await s.create('/cm/ns2/d', configMap('d', { namespace: 'ns2' }));
  }

  describe('selectors', () => {
    it('list returns only objects matching a label selector', async () => {
      await seed();
      const s = h().storage;
      expect(names((await s.list('/cm/', { predicate: labels('app=web') })).items)).toEqual(['a', 'c']);
      expect(names((await s.list('/cm/', { predicate: labels('app!=web') })).items)).toEqual(['b', 'd']);
      expect(names((await s.list('/cm/', { predicate: labels('app in (web,db),!tier') })).items)).toEqual(['a', 'b']);
    });

    it('list returns only objects matching a field selector, alone or with a label selector', async () => {
      await seed();
      const s = h().storage;
      const ns2 = parseFieldSelector('metadata.namespace=ns2');
      expect(names((await s.list('/cm/', { predicate: { field: ns2 } })).items)).toEqual(['c', 'd']);
      const both: Predicate = { field: ns2, label: parseLabelSelector('app=web') };
      expect(names((await s.list('/cm/', { predicate: both })).items)).toEqual(['c']);
      const byName = parseFieldSelector('metadata.name!=a');
      expect(names((await s.list('/cm/ns1/', { predicate: { field: byName } })).items)).toEqual(['b']);
    });

    it('uses the predicate fieldsOf for field selection when given', async () => {
      await seed();
      const predicate: Predicate = {
        field: parseFieldSelector('custom.app=db'),
        fieldsOf: (obj) => ({ 'custom.app': obj.metadata.labels?.app ?? '' }),
      };
      expect(names((await h().storage.list('/cm/', { predicate })).items)).toEqual(['b']);
    });

    it('a filtered page with a limit pages through the matches and reports no remainingItemCount', async () => {
      await seed();
      const s = h().storage;
      const predicate = labels('app=web');
      const first = await s.list('/cm/', { limit: 1, predicate });
      expect(names(first.items)).toEqual(['a']);
      expect(first.remainingItemCount).toBeUndefined();
      const seen = names(first.items);
      let page = first;
      while (page.continue) {
        page = await s.list('/cm/', { limit: 1, predicate, continue: page.continue });
        seen.push(...names(page.items));
      }
      expect(seen).toEqual(['a', 'c']);
    });

    it('watch turns label changes into ADDED and DELETED as objects enter and leave the selection', async () => {
      const s = h().storage;
      const from = String(await s.currentRevision());
      const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: from, predicate: labels('app=web') }));
      await s.create('/cm/ns/x', configMap('x'));
      const joined = await s.guaranteedUpdate('/cm/ns/x', { tryUpdate: relabel('web') });
      const changed = await s.guaranteedUpdate('/cm/ns/x', { tryUpdate: async (cur) => ({ ...cur!, data: { v: '1' } }) });
      const left = await s.guaranteedUpdate('/cm/ns/x', { tryUpdate: relabel('db') });
      await s.delete('/cm/ns/x');
      const sentinel = await s.create('/cm/ns/y', configMap('y', { labels: { app: 'web' } }));
      const got = await events.take(4);
      expect(summary(got)).toEqual([
        ['ADDED', 'x', rv(joined)],
        ['MODIFIED', 'x', rv(changed)],
        ['DELETED', 'x', rv(left)],
        ['ADDED', 'y', rv(sentinel)],
      ]);
      // Leaving the selection is DELETED with the last state that matched, at the event's revision.
      expect((got[2]!.object as ApiObject).metadata.labels).toEqual({ app: 'web' });
      expect((got[2]!.object as ApiObject).data).toEqual({ v: '1' });
      events.watcher.stop();
    });

    it('a watch with a selector sends initial ADDED events only for matching objects', async () => {
      await seed();
      const s = h().storage;
      const events = new EventReader(await s.watch('/cm/', { recursive: true, predicate: labels('app=web') }));
      const e = await s.create('/cm/ns2/e', configMap('e', { namespace: 'ns2', labels: { app: 'web' } }));
      const got = summary(await events.take(3));
      expect(got.map((g) => g[1])).toEqual(['a', 'c', 'e']);
      expect(got[2]).toEqual(['ADDED', 'e', rv(e)]);
      events.watcher.stop();
    });
  });
}
