/**
 * The child process of crash.test.ts: writes to a SqliteStorage at argv[2] until it is killed,
 * printing `ack <key> <resourceVersion> <value>` once each write is acknowledged (durable).
 * Eight concurrent creators and two counter incrementers keep batches (and CAS retries) in flight.
 *
 * @example
 * node node_modules/vite-node/vite-node.mjs -c packages/storage-sqlite/vitest.config.ts \
 *   packages/storage-sqlite/test/crash-writer.ts -- /tmp/x/kine.db
 */
import type { ApiObject } from '@apiserver-kit/core';
import { SqliteStorage } from '../src/index.js';

const configMap = (name: string, value: string): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { value } });
const valueOf = (o: ApiObject | null): number => Number((o?.data as Record<string, string> | undefined)?.value ?? 0);

const path = process.argv.slice(2).filter((a) => a !== '--')[0];
if (!path) throw new Error('usage: crash-writer <db path>');
const storage = new SqliteStorage({ path, historyRevisions: 50 });
const start = await storage.currentRevision();
process.stdout.write(`ready ${start}\n`);

const ack = (key: string, rv: string | undefined, value: string): void => {
  process.stdout.write(`ack ${key} ${rv} ${value}\n`);
};

/** Creates keys one after another, forever. */
async function creator(id: number): Promise<never> {
  for (let n = 0; ; n++) {
    const key = `/crash/cm/r${start}-${id}-${n}`;
    const value = `${id}.${n}`;
    const created = await storage.create(key, configMap(key, value));
    ack(key, created.metadata.resourceVersion, value);
  }
}

/** Increments one counter forever (compare-and-swap against the creators' batches). */
async function incrementer(): Promise<never> {
  for (;;) {
    const o = await storage.guaranteedUpdate('/crash/counter', {
      ignoreNotFound: true,
      tryUpdate: async (cur) => configMap('counter', String(valueOf(cur) + 1)),
    });
    ack('/crash/counter', o.metadata.resourceVersion, String(valueOf(o)));
  }
}

await Promise.all([...Array.from({ length: 8 }, (_, i) => creator(i)), incrementer(), incrementer()]);
