import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { LogTable, prefixEnd } from './log-table.js';

function table(): LogTable {
  return new LogTable(openDatabase(':memory:'));
}

const rows = (log: LogTable): Array<[number, string, number]> =>
  (log.db.prepare('SELECT id, name, deleted FROM kine ORDER BY id').all() as Array<{ id: number; name: string; deleted: number }>).map(
    (r) => [r.id, r.name, r.deleted],
  );

describe('LogTable', () => {
  it('writes one kine row per revision: created, deleted, create_revision and prev_revision', () => {
    const log = table();
    log.commit(1, [{ key: '/a', value: '{"v":1}', expect: 0 }]);
    log.commit(2, [{ key: '/a', value: '{"v":2}', expect: 2 }]);
    log.commit(3, [{ key: '/a', value: null, expect: 3 }]);
    log.commit(4, [{ key: '/a', value: '{"v":3}', expect: 0 }]);
    expect(log.db.prepare('SELECT id, name, created, deleted, create_revision, prev_revision, value FROM kine ORDER BY id').all()).toEqual([
      { id: 2, name: '/a', created: 1, deleted: 0, create_revision: 2, prev_revision: 0, value: '{"v":1}' },
      { id: 3, name: '/a', created: 0, deleted: 0, create_revision: 2, prev_revision: 2, value: '{"v":2}' },
      { id: 4, name: '/a', created: 0, deleted: 1, create_revision: 2, prev_revision: 3, value: '{"v":2}' },
      { id: 5, name: '/a', created: 1, deleted: 0, create_revision: 5, prev_revision: 4, value: '{"v":3}' },
    ]);
    expect(log.lastRevision()).toBe(5);
  });

  it('checks each write of a batch against the rows written before it in the same batch', () => {
    const log = table();
    const events = log.commit(1, [
      { key: '/a', value: '{}', expect: 0 },
      { key: '/a', value: '{}', expect: 0 },
      { key: '/a', value: '{"x":1}', expect: 2 },
      { key: '/a', value: null, expect: 2 },
      { key: '/b', value: null, expect: 0 },
    ]);
    expect(events.map((e) => e?.revision ?? null)).toEqual([2, null, 3, null, null]);
  });

  it('compaction drops superseded rows and tombstones up to the revision and keeps the rest', () => {
    const log = table();
    log.commit(1, [
      { key: '/a', value: '{"v":1}', expect: 0 }, // 2
      { key: '/b', value: '{"v":1}', expect: 0 }, // 3
    ]);
    log.commit(3, [{ key: '/a', value: '{"v":2}', expect: 2 }]); // 4
    log.commit(4, [{ key: '/b', value: null, expect: 3 }]); // 5
    log.commit(5, [{ key: '/a', value: '{"v":3}', expect: 4 }]); // 6
    log.compact(1, 5);
    expect(rows(log)).toEqual([
      [4, '/a', 0],
      [6, '/a', 0],
    ]);
    expect(log.compactedRevision()).toBe(5);
    expect(log.eventsAfter('/a', false, 5)).toEqual([{ revision: 6, key: '/a', value: '{"v":3}', prev: { value: '{"v":2}', modRevision: 4 } }]);
  });

  it('prefixEnd bounds exactly the keys under a prefix', () => {
    expect(prefixEnd('/cm/')).toBe('/cm0');
    expect('/cm/zzz' < prefixEnd('/cm/') && '/cm0' >= prefixEnd('/cm/')).toBe(true);
  });
});
