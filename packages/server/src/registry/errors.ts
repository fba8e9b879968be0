/**
 * interpretStorageError: a key-level StorageError becomes the Status kube-apiserver answers
 * (k8s.io/apiserver/pkg/registry/generic/registry/storage_factory's interpretation).
 */
import { type GroupResource, StorageError, errors } from '@apiserver-kit/core';

export function interpretStorageError(err: unknown, gr: GroupResource, name: string): unknown {
  if (!(err instanceof StorageError)) return err;
  switch (err.code) {
    case 'KeyNotFound':
      return errors.notFound(gr, name);
    case 'KeyExists':
      return errors.alreadyExists(gr, name);
    case 'Conflict':
      return errors.conflict(gr, name, err.message);
    case 'InvalidObject':
      return errors.internalError(err);
    case 'Unreachable':
      return errors.serviceUnavailable(`storage is unreachable: ${err.message}`);
  }
}

/** Run `fn`, translating storage errors. */
export async function storageCall<T>(gr: GroupResource, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw interpretStorageError(err, gr, name);
  }
}
