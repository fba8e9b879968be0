/**
 * The queries SqliteStorage runs against the kine log (see database.ts for the schema): the
 * latest row of a key, a key range as of a revision, the events after a revision, appending a
 * batch of rows in one transaction, and compaction. Everything is synchronous (better-sqlite3)
 * and runs on the single connection that owns the file.
 *
 * @example
 * const log = new LogTable(openDatabase(file));
 * for (const row of log.range('/pods/', '/pods/', log.lastRevision())) console.log(row.name);
 */
import type Database from 'better-sqlite3';
import type { Revisioned, StoreEvent } from '@apiserver-kit/storage';
import { readMeta, writeMeta } from './database.js';

/** The live state of one key at one revision. */
export interface KeyRow {
  name: string;
  /** The revision that last wrote the key. */
  id: number;
  value: string;
}

/** One write to append: `value` null deletes. `expect` is the key's current modRevision, 0 for absent. */
export interface LogWrite {
  key: string;
  value: string | null;
  expect: number;
}

interface LatestRow {
  id: number;
  deleted: number;
  create_revision: number;
  value: string;
}

interface EventRow {
  id: number;
  name: string;
  deleted: number;
  prev_revision: number;
  value: string;
  prev_deleted: number | null;
  prev_value: string | null;
}

/** The exclusive upper bound of the keys starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  if (prefix === '') return '\u{10FFFF}';
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

export class LogTable {
  private readonly latestStmt;
  private readonly rangeStmt;
  private readonly countStmt;
  private readonly eventsStmt;
  private readonly insertStmt;
  private readonly maxIdStmt;
  private readonly compactSupersededStmt;
  private readonly compactTombstonesStmt;
  private readonly append;
  private readonly compactChunk;

  constructor(readonly db: Database.Database) {
    this.latestStmt = db.prepare<[string], LatestRow>(
      'SELECT id, deleted, create_revision, value FROM kine WHERE name = ? ORDER BY id DESC LIMIT 1',
    );
    // Each key's row as of @rev: SQLite gives bare columns (in the result and HAVING) the values of
    // the MAX(id) row. Grouping along the (name, id) index streams in key order, without a sort.
    const asOf =
      'SELECT name, MAX(id) AS id, deleted, value FROM kine INDEXED BY kine_name_id_index ' +
      'WHERE name >= @from AND name < @end AND id <= @rev GROUP BY name HAVING deleted = 0';
    this.rangeStmt = db.prepare<{ from: string; end: string; rev: number }, KeyRow>(`${asOf} ORDER BY name`);
    this.countStmt = db.prepare<{ from: string; end: string; rev: number }, { n: number }>(`SELECT COUNT(*) AS n FROM (${asOf})`);
    // Scanning by revision: resumed watches usually start from a recent one.
    this.eventsStmt = db.prepare<{ after: number; from: string; end: string }, EventRow>(
      `SELECT k.id, k.name, k.deleted, k.prev_revision, k.value, p.deleted AS prev_deleted, p.value AS prev_value
       FROM kine k NOT INDEXED LEFT JOIN kine p ON p.id = k.prev_revision
       WHERE k.id > @after AND k.name >= @from AND k.name < @end ORDER BY k.id`,
    );
    this.insertStmt = db.prepare(
      'INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.maxIdStmt = db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM kine');
    // A row's predecessor is superseded once the row is compacted; so is a tombstone itself.
    this.compactSupersededStmt = db.prepare(
      'DELETE FROM kine WHERE id IN (SELECT prev_revision FROM kine WHERE id > ? AND id <= ? AND prev_revision > 0)',
    );
    this.compactTombstonesStmt = db.prepare('DELETE FROM kine WHERE id > ? AND id <= ? AND deleted = 1');
    this.append = db.transaction((revision: number, writes: LogWrite[]) => this.appendRows(revision, writes));
    this.compactChunk = db.transaction((from: number, to: number) => {
      this.compactSupersededStmt.run(from, to);
      this.compactTombstonesStmt.run(from, to);
      writeMeta(db, 'compact_revision', to);
    });
  }

  /** The revision of the last write; 1 for an empty log, as in etcd. */
  lastRevision(): number {
    return Math.max(1, this.maxIdStmt.get()?.id ?? 0, this.compactedRevision());
  }

  /** The oldest revision that can still be read. */
  compactedRevision(): number {
    return readMeta(this.db, 'compact_revision') ?? 1;
  }

  /** The key's current value, if it exists. */
  latest(key: string): Revisioned | undefined {
    const row = this.latestStmt.get(key);
    return row && !row.deleted ? { value: row.value, modRevision: row.id } : undefined;
  }

  /** Keys under `prefix` from `startKey` on (inclusive), as of `revision`, in key order. */
  range(prefix: string, startKey: string, revision: number): IterableIterator<KeyRow> {
    return this.rangeStmt.iterate({ from: startKey > prefix ? startKey : prefix, end: prefixEnd(prefix), rev: revision });
  }

  count(prefix: string, startKey: string, revision: number): number {
    return this.countStmt.get({ from: startKey > prefix ? startKey : prefix, end: prefixEnd(prefix), rev: revision })?.n ?? 0;
  }

  /** The writes after `after` to `key` (or, recursive, under it), oldest first. */
  eventsAfter(key: string, recursive: boolean, after: number): StoreEvent[] {
    const end = recursive ? prefixEnd(key) : `${key}\u0000`;
    return this.eventsStmt.all({ after, from: key, end }).map(toEvent);
  }

  /**
   * Appends the writes whose expectation holds, at revisions after `revision`, in one
   * transaction (one fsync). Returns the event of each write, or null where it conflicted.
   * Expectations are checked against the rows written earlier in the same batch.
   */
  commit(revision: number, writes: LogWrite[]): Array<StoreEvent | null> {
    return this.append(revision, writes);
  }

  /** Forgets the history in (from, to], as etcd compaction does; the state at `to` stays readable. */
  compact(from: number, to: number): void {
    this.compactChunk(from, to);
  }

  private appendRows(revision: number, writes: LogWrite[]): Array<StoreEvent | null> {
    const out: Array<StoreEvent | null> = [];
    for (const w of writes) {
      const row = this.latestStmt.get(w.key);
      const live = row && !row.deleted ? row : undefined;
      if ((live?.id ?? 0) !== w.expect || (w.value === null && !live)) {
        out.push(null);
        continue;
      }
      const id = ++revision;
      const prev: Revisioned | null = live ? { value: live.value, modRevision: live.id } : null;
      const created = live ? 0 : 1;
      const deleted = w.value === null ? 1 : 0;
      const createRevision = live ? live.create_revision : id;
      // A delete row keeps the deleted value, as kine's does; a create's prev is the tombstone (or 0).
      this.insertStmt.run(id, w.key, created, deleted, createRevision, row?.id ?? 0, w.value ?? live!.value);
      out.push({ revision: id, key: w.key, value: w.value, prev });
    }
    return out;
  }
}

function toEvent(row: EventRow): StoreEvent {
  if (row.deleted) return { revision: row.id, key: row.name, value: null, prev: { value: row.value, modRevision: row.prev_revision } };
  const prev = row.prev_value !== null && !row.prev_deleted ? { value: row.prev_value, modRevision: row.prev_revision } : null;
  return { revision: row.id, key: row.name, value: row.value, prev };
}
