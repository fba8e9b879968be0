/**
 * kube's GuaranteedUpdate and its delete, for backends that read a key's latest record
 * synchronously (MemoryStorage, SqliteStorage): read, check preconditions, run the caller's
 * hook, and write only if the key is still at the revision read — otherwise start over from
 * the fresh record.
 *
 * @example
 * guaranteedUpdate(key, opts, { ensureOpen, latest: (k) => store.get(k), write: (k, text, expect) => store.write(k, text).revision });
 */
import { StorageError, checkPreconditions, type ApiObject, type DeleteOptions, type UpdateOptions } from '@apiserver-kit/core';
import { decodeValue, encodeValue, sameValue } from './memory/json.js';
import type { Revisioned } from './memory/mvcc.js';

/** The object preconditions are checked against when the key is missing (kube's zero object). */
export const missingObject: ApiObject = Object.freeze({ apiVersion: '', kind: '', metadata: Object.freeze({}) }) as ApiObject;

export interface CasStore {
  /** Throws StorageError Unreachable once the store is closed. */
  ensureOpen(key: string): void;
  /** The key's current record, read synchronously. */
  latest(key: string): Revisioned | undefined;
  /**
   * Writes `text` (null deletes) if the key is still at revision `expect` (0: absent). Resolves
   * with the write's revision, or null when another write got in first.
   */
  write(key: string, text: string | null, expect: number): number | null | Promise<number | null>;
}

export async function guaranteedUpdate(key: string, opts: UpdateOptions, store: CasStore): Promise<ApiObject> {
  for (;;) {
    store.ensureOpen(key);
    const record = store.latest(key);
    if (!record && !opts.ignoreNotFound) throw new StorageError('KeyNotFound', key);
    const current = record ? decodeValue(record.value, record.modRevision) : null;
    checkPreconditions(key, opts.preconditions, current ?? missingObject);
    const next = await opts.tryUpdate(current);
    store.ensureOpen(key);
    // Another writer got in while tryUpdate ran: start over from the fresh object.
    if (store.latest(key)?.modRevision !== record?.modRevision) continue;
    const text = encodeValue(key, next);
    if (record && sameValue(text, record.value)) return decodeValue(record.value, record.modRevision);
    const revision = await store.write(key, text, record?.modRevision ?? 0);
    if (revision !== null) return decodeValue(text, revision);
  }
}

export async function guaranteedDelete(key: string, opts: DeleteOptions, store: CasStore): Promise<ApiObject> {
  for (;;) {
    store.ensureOpen(key);
    const record = store.latest(key);
    if (!record) throw new StorageError('KeyNotFound', key);
    checkPreconditions(key, opts.preconditions, decodeValue(record.value, record.modRevision));
    if (opts.validateDeletion) {
      await opts.validateDeletion(decodeValue(record.value, record.modRevision));
      store.ensureOpen(key);
      if (store.latest(key)?.modRevision !== record.modRevision) continue;
    }
    const revision = await store.write(key, null, record.modRevision);
    if (revision !== null) return decodeValue(record.value, revision);
  }
}
