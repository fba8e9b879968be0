/**
 * Opening the SQLite file behind SqliteStorage: the pragmas that make it durable (WAL,
 * `synchronous=FULL`, so a commit is on disk before it is acknowledged), an exclusive lock (one
 * process owns the log, so revisions are allocated in memory without races), and the schema.
 *
 * The log is kine's: one row per revision. `id` is the revision; a delete is a row with
 * `deleted = 1` that keeps the deleted value; `prev_revision` is the key's previous row, so a
 * row and its predecessor describe one watch event.
 *
 * @example
 * const db = openDatabase('/var/lib/kube-lite/db/kine.db');
 * readMeta(db, 'compact_revision'); // 1 for a new file
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

const schema = `
CREATE TABLE IF NOT EXISTS kine (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id);
CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision);
CREATE TABLE IF NOT EXISTS kine_meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT;
`;

export type MetaName = 'compact_revision';

/** Opens (creating if needed) the database at `path` and takes its exclusive lock. */
export function openDatabase(path: string, busyTimeoutMs = 5000): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    // Exclusive before WAL: no shared-memory index, and no second process can open the log.
    db.pragma('locking_mode = EXCLUSIVE');
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (path !== ':memory:' && mode !== 'wal') throw new Error(`cannot switch ${path} to WAL mode (got ${String(mode)})`);
    db.pragma('synchronous = FULL');
    // A checkpoint runs inside the commit that crosses the threshold, on the event loop: every
    // 10 000 WAL pages (about 40 MB) instead of SQLite's 1 000 takes group-commit creates from
    // about 30k to 40k writes/s (docs/performance.md); recovery replays at most that much WAL.
    db.pragma('wal_autocheckpoint = 10000');
    // A 32 MiB page cache (SQLite's default is 2 MiB) keeps the key index's hot pages.
    db.pragma('cache_size = -32768');
    // The first write takes the lock, so a second owner fails here rather than later.
    db.transaction(() => db.exec(schema)).immediate();
  } catch (err) {
    db.close();
    const why = err instanceof Error ? err.message : String(err);
    if (/locked|busy/i.test(why)) throw new Error(`${path} is in use by another process (${why})`);
    throw err;
  }
  return db;
}

export function readMeta(db: Database.Database, name: MetaName): number | undefined {
  const row = db.prepare<[string], { value: number }>('SELECT value FROM kine_meta WHERE name = ?').get(name);
  return row?.value;
}

export function writeMeta(db: Database.Database, name: MetaName, value: number): void {
  db.prepare('INSERT INTO kine_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
}
