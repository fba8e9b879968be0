import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StorageError, parseLabelSelector, type ApiObject, type Predicate } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import { MemoryStorage } from './memory-storage.js';

const keys = ['/p/a', '/p/b', '/p/c', '/q/a'];
const op = fc.record({
  kind: fc.constantFrom('create', 'update', 'delete'),
  key: fc.constantFrom(...keys),
  app: fc.constantFrom('web', 'db'),
  v: fc.nat(3),
});
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const object = (key: string, app: string, v: number): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: key.split('/').pop()!, labels: { app } },
  data: { v: String(v) },
});

async function apply(s: MemoryStorage, o: Op): Promise<void> {
  try {
    if (o.kind === 'create') await s.create(o.key, object(o.key, o.app, o.v));
    else if (o.kind === 'delete') await s.delete(o.key);
    else await s.guaranteedUpdate(o.key, { tryUpdate: async () => object(o.key, o.app, o.v) });
  } catch (err) {
    if (!(err instanceof StorageError)) throw err;
  }
}

const byName = (items: ApiObject[]): Map<string, ApiObject> => new Map(items.map((i) => [i.metadata.name!, i]));

describe('MemoryStorage replay property', () => {
  it('a list at revision R plus the watch from R equals the list at the latest revision', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.nat(), fc.boolean(), async (ops, pick, filtered) => {
        const s = new MemoryStorage();
        const revisions = [await s.currentRevision()];
        for (const o of ops) {
          await apply(s, o);
          revisions.push(await s.currentRevision());
        }
        const at = String(revisions[pick % revisions.length]);
        const predicate: Predicate | undefined = filtered ? { label: parseLabelSelector('app=web') } : undefined;
        const state = byName((await s.list('/p/', { resourceVersion: at, resourceVersionMatch: 'Exact', predicate })).items);

        const events = new EventReader(await s.watch('/p/', { recursive: true, resourceVersion: at, predicate }), 2000);
        // A matching sentinel written last tells the reader it has seen everything.
        const sentinel = await s.create('/p/zz-sentinel', object('/p/zz-sentinel', 'web', 0));
        for (const ev of await events.until(Number(sentinel.metadata.resourceVersion))) {
          const obj = ev.object as ApiObject;
          if (ev.type === 'DELETED') state.delete(obj.metadata.name!);
          else state.set(obj.metadata.name!, obj);
        }
        events.watcher.stop();
        expect(state).toEqual(byName((await s.list('/p/', { predicate })).items));
        await s.close();
      }),
      { numRuns: 150 },
    );
  });
});
