/**
 * One page of a MemoryStorage list, read from a consistent snapshot, the way the etcd3 store
 * pages: keys in order from the start key, filtered by the predicate until `limit` items are
 * found; the continue token starts right after the last key examined.
 *
 * @example
 * const page = readPage(store, '/pods/', '/pods/', store.revision, 10, undefined);
 */
import { predicateEmpty, predicateMatches, type ApiObject, type ListResult, type Predicate } from '@apiserver-kit/core';
import { encodeContinueToken } from '../continue-token.js';
import { decodeValue } from './json.js';
import type { MvccStore } from './mvcc.js';

export function readPage(
  store: MvccStore,
  prefix: string,
  startKey: string,
  revision: number,
  limit: number | undefined,
  predicate: Predicate | undefined,
): ListResult {
  const view = store.range(prefix, startKey, revision);
  const selectsAll = predicateEmpty(predicate);
  const max = limit !== undefined && limit > 0 ? limit : Infinity;
  const items: ApiObject[] = [];
  let last = -1;
  let more = false;
  for (let i = 0; i < view.size; i++) {
    if (items.length >= max) {
      more = true;
      break;
    }
    last = i;
    const record = view.record(i);
    const obj = decodeValue(record.value, record.modRevision);
    if (selectsAll || predicateMatches(predicate, obj)) items.push(obj);
  }
  const result: ListResult = { items, resourceVersion: String(revision) };
  if (more) {
    // "\0" is the smallest suffix, so the next page starts right after the last key examined.
    result.continue = encodeContinueToken(`${view.key(last)}\u0000`, prefix, revision);
    // Only an unfiltered list knows how many items remain.
    if (selectsAll) result.remainingItemCount = view.size - last - 1;
  }
  return result;
}
