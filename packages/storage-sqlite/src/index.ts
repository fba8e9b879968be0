/**
 * @apiserver-kit/storage-sqlite — the embedded persistent Storage backend: a kine-style MVCC log
 * in one SQLite file (WAL, synchronous=FULL, group commit). kube-lite's default storage.
 *
 * @example
 * import { SqliteStorage } from '@apiserver-kit/storage-sqlite';
 * const storage = new SqliteStorage({ path: '.kube-lite/db/kine.db', historyRevisions: 10_000 });
 * const cm = await storage.create('/configmaps/default/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
 * cm.metadata.resourceVersion; // '2' in a new file; after a restart, revisions continue
 * await storage.close();
 */
export { SqliteStorage, type SqliteStorageOptions, type SqliteStorageStats } from './sqlite-storage.js';
