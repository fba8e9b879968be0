/**
 * kube-lite's storage backends by name, as `--storage` selects them: `sqlite` (the default; a
 * kine-style log under `<data-dir>/db/kine.db`, as k3s keeps kine's state), `memory` (nothing
 * survives a restart) and `etcd` (several kube-lite replicas share one etcd cluster; the
 * --etcd-* flags). Each backend adds one case here.
 *
 * @example
 * const storage = await createStorage({ storage: 'sqlite', dataDir: '.kube-lite' });
 * // ... createApiServer({ storage, ... }) ...
 * await storage.close();
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from '@apiserver-kit/core';
import { MemoryStorage } from '@apiserver-kit/storage';
import { SqliteStorage } from '@apiserver-kit/storage-sqlite';
import { EtcdStorage, type EtcdTlsOptions } from '@apiserver-kit/storage-etcd';
import type { EtcdConfig, KubeLiteConfig } from './flags.js';

/** The settings a backend may read: which one, the data dir, and any backend's own flags. */
export type StorageConfig = Pick<KubeLiteConfig, 'storage' | 'dataDir'> &
  Partial<KubeLiteConfig> & {
    /** How long to wait for etcd at startup, as kube-apiserver does (one check a second, for a minute). Default 60 000 ms. */
    etcdStartupWaitMs?: number;
  };

/** Where `--storage sqlite` keeps its database. */
export function sqlitePath(dataDir: string): string {
  return join(dataDir, 'db', 'kine.db');
}

/** Opens the backend `config.storage` names; the caller closes it. */
export async function createStorage(config: StorageConfig): Promise<Storage> {
  switch (config.storage) {
    case 'sqlite':
      return new SqliteStorage({ path: sqlitePath(config.dataDir) });
    case 'memory':
      return new MemoryStorage();
    case 'etcd':
      return createEtcdStorage(config.etcd, config.etcdStartupWaitMs ?? 60_000);
    default:
      throw new Error(`unknown storage backend "${String(config.storage)}"`);
  }
}

/**
 * The key prefix EtcdStorage puts in front of the server's keys, which already start with
 * /registry: the default --etcd-prefix=/registry adds nothing (keys are /registry/<group>/...),
 * `/a/registry` adds `/a`, and any other prefix P is put in front (P/registry/<group>/...).
 */
export function etcdKeyPrefix(flag: string): string {
  const trimmed = flag.replace(/\/+$/, '');
  return trimmed.endsWith('/registry') ? trimmed.slice(0, -'/registry'.length) : trimmed;
}

async function createEtcdStorage(etcd: EtcdConfig | undefined, waitMs: number): Promise<EtcdStorage> {
  if (!etcd || etcd.servers.length === 0) throw new Error('--storage etcd needs --etcd-servers');
  const tls: EtcdTlsOptions = {};
  if (etcd.caFile) tls.ca = await readFile(etcd.caFile);
  if (etcd.certFile) tls.cert = await readFile(etcd.certFile);
  if (etcd.keyFile) tls.key = await readFile(etcd.keyFile);
  const storage = new EtcdStorage({
    endpoints: etcd.servers,
    prefix: etcdKeyPrefix(etcd.prefix),
    tls,
    compactionIntervalMs: etcd.compactionIntervalSeconds * 1000,
    onCompactionError: (err) => console.warn(`etcd compaction failed (retried next interval): ${messageOf(err)}`),
  });
  try {
    await waitForEtcd(storage, etcd.servers, waitMs);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return storage;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * kube-apiserver's start waits for etcd: it checks the connection once a second and gives up
 * after a minute with "error waiting for etcd connection". An etcd that starts a little after
 * kube-lite (a reboot, a compose file) is then no reason to fail.
 */
async function waitForEtcd(storage: EtcdStorage, servers: string[], waitMs: number): Promise<void> {
  const giveUpAt = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await storage.currentRevision();
      if (attempt > 1) console.warn(`etcd at ${servers.join(',')} is reachable`);
      return;
    } catch (err) {
      if (attempt === 1) console.warn(`waiting for etcd at ${servers.join(',')}: ${messageOf(err)}`);
      if (Date.now() + 1000 > giveUpAt) throw new Error(`error waiting for etcd connection: ${messageOf(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
