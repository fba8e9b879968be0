/**
 * @apiserver-kit/storage — the Storage contract's in-memory backend and the helpers every
 * backend shares. The conformance suite for backends lives at `@apiserver-kit/storage/testing`.
 *
 * @example
 * import { MemoryStorage } from '@apiserver-kit/storage';
 * const storage = new MemoryStorage();
 * const cm = await storage.create('/configmaps/default/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
 * cm.metadata.resourceVersion; // '2'
 */
export { MemoryStorage, type MemoryStorageOptions } from './memory/memory-storage.js';
export { encodeContinueToken, decodeContinueToken, type ContinueToken } from './continue-token.js';
export { parseResourceVersion } from './resource-version.js';
// Building blocks for other backends (storage-sqlite): stored-value encoding and the per-watcher queue.
export { encodeValue, decodeValue, sameValue } from './memory/json.js';
export { MemoryWatcher, ParsedEvent, type MemoryWatcherOptions } from './memory/watcher.js';
export type { StoreEvent, Revisioned } from './memory/mvcc.js';
export type {
  Storage,
  StorageErrorCode,
  Preconditions,
  Predicate,
  ResourceVersionMatch,
  ListOptions,
  ListResult,
  GetOptions,
  UpdateOptions,
  DeleteOptions,
  WatchOptions,
  WatchEvent,
  WatchEventType,
  Watcher,
} from '@apiserver-kit/core';
export { StorageError } from '@apiserver-kit/core';
export * from './revision-reads.js';
export { guaranteedUpdate, guaranteedDelete, missingObject, type CasStore } from './cas-loops.js';
export { openLocalWatch, type LocalWatchSource } from './local-watch.js';
export * from './watch-queue.js';
