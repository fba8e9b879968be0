/**
 * @apiserver-kit/storage-etcd — the Storage contract on etcd v3, the distributed engine: several
 * API server replicas share one etcd cluster and see each other's writes and watch events.
 * resourceVersion is etcd's mod_revision; updates are compare-and-swap transactions; lists read
 * at one revision with continue tokens; watches resume across etcd restarts; history is compacted
 * periodically. An unreachable etcd fails calls with StorageError Unreachable (503) or a 504
 * Timeout, and everything recovers by itself when etcd is back.
 *
 * Test helpers (a real etcd on loopback ports) live at `@apiserver-kit/storage-etcd/testing`.
 *
 * @example
 * import { EtcdStorage } from '@apiserver-kit/storage-etcd';
 * const storage = new EtcdStorage({
 *   endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379', 'https://10.0.0.3:2379'],
 *   tls: { ca: readFileSync('ca.crt'), cert: readFileSync('apiserver-etcd-client.crt'), key: readFileSync('apiserver-etcd-client.key') },
 * });
 * const api = createApiServer({ storage });
 */
export { EtcdStorage } from './etcd-storage.js';
export type { EtcdStorageOptions, EtcdTlsOptions } from './options.js';
export { compactRevKey } from './compactor.js';
