/**
 * interpretStorageError: a key-level StorageError becomes the Status kube-apiserver answers
 * (k8s.io/apiserver/pkg/registry/generic/registry/storage_factory's interpretation).
 */
import { type ApiObject, type GroupResource, type Preconditions, StorageError, errors } from '@apiserver-kit/core';

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

/**
 * rest.BeforeDelete's early precondition check: a mismatch is a Conflict that names the kind
 * (`Operation cannot be fulfilled on ConfigMap "a": the UID in the precondition (...) ...`).
 * The storage enforces the same preconditions again at the write.
 */
export function checkDeletePreconditions(group: string, kind: string, pre: Preconditions | undefined, current: ApiObject): void {
  if (!pre) return;
  const m = current.metadata;
  const gr = { group, resource: kind };
  if (pre.uid !== undefined && pre.uid !== m.uid) {
    throw errors.conflict(gr, m.name ?? '', `the UID in the precondition (${pre.uid}) does not match the UID in record (${m.uid ?? ''}). The object might have been deleted and then recreated`);
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== m.resourceVersion) {
    throw errors.conflict(
      gr,
      m.name ?? '',
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${m.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}
