/**
 * Conformance: watch — ordering, resumption without gaps or duplicates, initial events,
 * bookmarks, compaction, and ending a watch.
 */
import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { EventReader, configMap, countOf, counter, expectStatus, rv, summary, tick, useHarness, type StorageHarnessFactory } from './harness.js';

const update = (data: Record<string, string>) => async (cur: ApiObject | null) => ({ ...cur!, data });

export function watchTests(factory: StorageHarnessFactory): void {
  const h = useHarness(factory);

  describe('watch', () => {
    it('from a resourceVersion sends every later change in order, DELETED carrying the last state', async () => {
      const s = h().storage;
      const a = await s.create('/cm/ns/a', configMap('a'));
      const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: a.metadata.resourceVersion }));
      const b = await s.create('/cm/ns/b', configMap('b'));
      const a2 = await s.guaranteedUpdate('/cm/ns/a', { tryUpdate: update({ v: '2' }) });
      const bGone = await s.delete('/cm/ns/b');
      const got = await events.take(3);
      expect(summary(got)).toEqual([
        ['ADDED', 'b', rv(b)],
        ['MODIFIED', 'a', rv(a2)],
        ['DELETED', 'b', rv(bGone)],
      ]);
      expect(got[1]!.object).toEqual(a2);
      expect(got[2]!.object).toEqual(bGone);
      events.watcher.stop();
    });

    it('replays changes that happened before the watch started when given an older resourceVersion', async () => {
      const s = h().storage;
      const start = String(await s.currentRevision());
      const a = await s.create('/cm/ns/a', configMap('a'));
      const aGone = await s.delete('/cm/ns/a');
      const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: start }));
      expect(summary(await events.take(2))).toEqual([
        ['ADDED', 'a', rv(a)],
        ['DELETED', 'a', rv(aGone)],
      ]);
      events.watcher.stop();
    });

    it('with resourceVersion "" sends ADDED for existing objects in key order, then live changes', async () => {
      const s = h().storage;
      const b = await s.create('/cm/ns/b', configMap('b'));
      const a = await s.create('/cm/ns/a', configMap('a'));
      const readers = [
        new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: '' })),
        new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: '0' })),
      ];
      const c = await s.create('/cm/ns/c', configMap('c'));
      for (const events of readers) {
        expect(summary(await events.take(3))).toEqual([
          ['ADDED', 'a', rv(a)],
          ['ADDED', 'b', rv(b)],
          ['ADDED', 'c', rv(c)],
        ]);
        events.watcher.stop();
      }
    });

    it('with sendInitialEvents sends the initial state, then a BOOKMARK marking its end', async () => {
      const s = h().storage;
      const a = await s.create('/cm/ns/a', configMap('a'));
      const atStart = await s.currentRevision();
      const events = new EventReader(
        await s.watch('/cm/', { recursive: true, sendInitialEvents: true, allowBookmarks: true, resourceVersion: '' }),
      );
      const [added, end] = await events.take(2);
      expect(summary([added!])).toEqual([['ADDED', 'a', rv(a)]]);
      expect(end!.type).toBe('BOOKMARK');
      expect(end!.object.metadata).toEqual({
        resourceVersion: String(atStart),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      });
      const b = await s.create('/cm/ns/b', configMap('b'));
      expect(summary([await events.next()])).toEqual([['ADDED', 'b', rv(b)]]);
      events.watcher.stop();
    });

    it('a watch of one key sees only that key; a recursive watch of /a/ does not see /ab/', async () => {
      const s = h().storage;
      const from = String(await s.currentRevision());
      const one = new EventReader(await s.watch('/a/x', { resourceVersion: from }));
      const dir = new EventReader(await s.watch('/a/', { recursive: true, resourceVersion: from }));
      await s.create('/a/xy', configMap('xy'));
      await s.create('/ab/x', configMap('ab-x'));
      const x = await s.create('/a/x', configMap('x'));
      expect(summary([await one.next()])).toEqual([['ADDED', 'x', rv(x)]]);
      expect(summary(await dir.take(2)).map((e) => e[1])).toEqual(['xy', 'x']);
      one.watcher.stop();
      dir.watcher.stop();
    });

    it('resumes from the last seen resourceVersion without gaps or duplicates while writes continue', async () => {
      const s = h().storage;
      const created = await s.create('/counters/c', counter('c', 0));
      const first = new EventReader(await s.watch('/counters/c', { resourceVersion: created.metadata.resourceVersion }));
      let reachedHalfway!: () => void;
      const halfway = new Promise<void>((resolve) => (reachedHalfway = resolve));
      const writer = (async () => {
        const rvs: number[] = [];
        for (let i = 1; i <= 30; i++) {
          rvs.push(rv(await s.guaranteedUpdate('/counters/c', { tryUpdate: async (cur) => ({ ...cur!, spec: { count: i } }) })));
          if (i === 15) reachedHalfway();
          await tick();
        }
        return rvs;
      })();
      const before = await first.take(10);
      first.watcher.stop();
      // Resume only after more writes landed, so the new watch must replay them from history.
      await halfway;
      const resumeFrom = before[9]!.object.metadata.resourceVersion;
      const second = new EventReader(await s.watch('/counters/c', { resourceVersion: resumeFrom }));
      const rvs = await writer;
      const after = await second.until(rvs[29]!);
      const all = [...before, ...after];
      expect(all.map((e) => Number(e.object.metadata.resourceVersion))).toEqual(rvs);
      expect(all.map((e) => countOf(e.object as ApiObject))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(all.map((e) => e.type))).toEqual(new Set(['MODIFIED']));
      second.watcher.stop();
    });

    it('from a compacted resourceVersion rejects with 410 Expired', async () => {
      const s = h().storage;
      const a = await s.create('/cm/ns/a', configMap('a'));
      await s.guaranteedUpdate('/cm/ns/a', { tryUpdate: update({ v: '1' }) });
      await s.guaranteedUpdate('/cm/ns/a', { tryUpdate: update({ v: '2' }) });
      await h().compact(await s.currentRevision());
      const err = await expectStatus(s.watch('/cm/', { recursive: true, resourceVersion: a.metadata.resourceVersion }), 410, 'Expired');
      expect(err.message).toContain(`too old resource version: ${rv(a)}`);
    });

    it('with a non-integer resourceVersion rejects with 400 BadRequest', async () => {
      await expectStatus(h().storage.watch('/cm/', { recursive: true, resourceVersion: 'x1' }), 400, 'BadRequest');
    });

    it('sends BOOKMARK events at the current revision when bookmarks are allowed', async () => {
      const s = h().storage;
      const from = String(await s.currentRevision());
      const events = new EventReader(
        await s.watch('/cm/', { recursive: true, resourceVersion: from, allowBookmarks: true, bookmarkIntervalMs: 20 }),
      );
      const a = await s.create('/cm/ns/a', configMap('a'));
      expect((await events.next()).type).toBe('ADDED');
      let ev = await events.next();
      while (ev.type !== 'BOOKMARK') ev = await events.next();
      expect(Number(ev.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(rv(a));
      events.watcher.stop();
    });

    it('a consumer that does not read does not hold up writers, and later gets every event in order', async () => {
      const s = h().storage;
      const from = String(await s.currentRevision());
      const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: from }));
      const written: number[] = [];
      for (let i = 0; i < 100; i++) written.push(rv(await s.create(`/cm/ns/x${i}`, configMap(`x${i}`))));
      const got = await events.take(100);
      expect(got.map((e) => Number(e.object.metadata.resourceVersion))).toEqual(written);
      events.watcher.stop();
    });

    it('mutating an event object does not change storage', async () => {
      const s = h().storage;
      const from = String(await s.currentRevision());
      const events = new EventReader(await s.watch('/cm/', { recursive: true, resourceVersion: from }));
      const a = await s.create('/cm/ns/a', configMap('a', { data: { k: 'v' } }));
      const ev = await events.next();
      (ev.object as ApiObject).data = { k: 'changed' };
      expect(await s.get('/cm/ns/a')).toEqual(a);
      events.watcher.stop();
    });
  });

  describe('ending a watch', () => {
    it('stop() ends the iteration', async () => {
      const s = h().storage;
      const events = new EventReader(await s.watch('/cm/', { recursive: true }));
      events.watcher.stop();
      events.watcher.stop();
      await events.ended();
    });

    it('an aborted signal ends the iteration', async () => {
      const s = h().storage;
      const controller = new AbortController();
      const events = new EventReader(await s.watch('/cm/', { recursive: true, signal: controller.signal }));
      const pending = events.ended();
      controller.abort();
      await pending;
    });

    it('close() ends every watch', async () => {
      const s = h().storage;
      const one = new EventReader(await s.watch('/cm/', { recursive: true }));
      const two = new EventReader(await s.watch('/other/x'));
      await s.close();
      await Promise.all([one.ended(), two.ended()]);
    });
  });
}
