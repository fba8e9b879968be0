import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { StorageError, parseLabelSelector, type ApiObject, type Predicate, type Storage, type WatchEvent } from '@apiserver-kit/core';
import { MemoryStorage } from '@apiserver-kit/storage';
import { EventReader } from '@apiserver-kit/storage/testing';
import { SqliteStorage } from './sqlite-storage.js';

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

const rv = (o: ApiObject): number => Number(o.metadata.resourceVersion);

async function settle(p: Promise<unknown>): Promise<void> {
  await p.catch((err: unknown) => {
    if (!(err instanceof StorageError)) throw err;
  });
}

async function apply(s: Storage, o: Op): Promise<void> {
  if (o.kind === 'create') await settle(s.create(o.key, object(o.key, o.app, o.v)));
  else if (o.kind === 'delete') await settle(s.delete(o.key));
  else await settle(s.guaranteedUpdate(o.key, { ignoreNotFound: o.v > 1, tryUpdate: async () => object(o.key, o.app, o.v) }));
}

/** The events of a watch from `at` up to the sentinel write at `last`. */
async function watchUntil(s: Storage, at: string, predicate: Predicate | undefined, last: number): Promise<WatchEvent[]> {
  const events = new EventReader(await s.watch('/p/', { recursive: true, resourceVersion: at, predicate }), 2000);
  const out = await events.until(last);
  events.watcher.stop();
  return out;
}

describe('SqliteStorage against MemoryStorage', () => {
  let dir: string;
  let run = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storage-sqlite-model-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the same revisions, Exact lists and watch replays after compaction, before and after a restart', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), fc.nat(), fc.nat(), fc.boolean(), async (ops, pick, cpick, filtered) => {
        const path = join(dir, `run-${run++}.db`);
        const memory = new MemoryStorage();
        let sqlite = new SqliteStorage({ path });
        const revisions = [1];
        for (const o of ops) {
          await apply(memory, o);
          await apply(sqlite, o);
          expect(await sqlite.currentRevision()).toBe(await memory.currentRevision());
          revisions.push(await memory.currentRevision());
        }
        const index = pick % revisions.length;
        const at = String(revisions[index]);
        // Compacting up to `at` must keep the state at `at` and the changes after it.
        const compactTo = revisions[cpick % (index + 1)]!;
        memory.compact(compactTo);
        await sqlite.compact(compactTo);
        // A matching sentinel written last tells a watch reader it has seen everything.
        const sentinel = object('/p/zz', 'web', 0);
        await memory.create('/p/zz', sentinel);
        const last = rv(await sqlite.create('/p/zz', sentinel));
        expect(last).toBe(await memory.currentRevision());
        const predicate: Predicate | undefined = filtered ? { label: parseLabelSelector('app=web') } : undefined;
        const exact = { resourceVersion: at, resourceVersionMatch: 'Exact' as const, predicate };
        const expected = await memory.list('/p/', exact);
        const expectedEvents = await watchUntil(memory, at, predicate, last);
        for (let pass = 0; pass < 2; pass++) {
          expect(await sqlite.list('/p/', exact)).toEqual(expected);
          expect(await sqlite.list('/p/', { predicate })).toEqual(await memory.list('/p/', { predicate }));
          expect(await watchUntil(sqlite, at, predicate, last)).toEqual(expectedEvents);
          await sqlite.close();
          sqlite = new SqliteStorage({ path });
        }
        await sqlite.close();
        await memory.close();
      }),
      { numRuns: 150 },
    );
  });
});
