import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStorageConformance } from '@apiserver-kit/storage/testing';
import { SqliteStorage } from './sqlite-storage.js';

runStorageConformance('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'storage-sqlite-'));
  const storage = new SqliteStorage({ path: join(dir, 'kine.db'), resourceVersionWaitMs: 50 });
  return {
    storage,
    compact: (revision) => storage.compact(revision),
    async cleanup() {
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
