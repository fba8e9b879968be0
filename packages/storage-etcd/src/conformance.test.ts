/**
 * The shared storage conformance suite, unchanged, against a real etcd this file starts. Each
 * test gets its own key prefix in the one etcd, so tests never see each other's keys.
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { runStorageConformance } from '@apiserver-kit/storage/testing';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd conformance skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`etcd backend${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let n = 0;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  runStorageConformance('etcd', async () => {
    const storage = new EtcdStorage({ endpoints: etcd.endpoints, prefix: `/conformance-${++n}`, compactionIntervalMs: 0 });
    return {
      storage,
      compact: (revision) => storage.compact(revision),
      cleanup: () => storage.close(),
    };
  });
});
