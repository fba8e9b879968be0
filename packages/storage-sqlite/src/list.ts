/**
 * One page of a SqliteStorage list, read as of one revision the way the etcd3 store pages (and
 * MemoryStorage does): keys in order from the start key, filtered by the predicate until `limit`
 * items are found; the continue token starts right after the last key examined, and only an
 * unfiltered page knows how many items remain.
 *
 * @example
 * const page = readPage(log, '/pods/', '/pods/', 42, 10, undefined);
 */
import { predicateEmpty, predicateMatches, type ApiObject, type ListResult, type Predicate } from '@apiserver-kit/core';
import { decodeValue, encodeContinueToken } from '@apiserver-kit/storage';
import type { LogTable } from './log-table.js';

export function readPage(
  log: LogTable,
  prefix: string,
  startKey: string,
  revision: number,
  limit: number | undefined,
  predicate: Predicate | undefined,
): ListResult {
  const selectsAll = predicateEmpty(predicate);
  const max = limit !== undefined && limit > 0 ? limit : Infinity;
  const items: ApiObject[] = [];
  let last: string | undefined;
  let more = false;
  for (const row of log.range(prefix, startKey, revision)) {
    if (items.length >= max) {
      more = true;
      break;
    }
    last = row.name;
    const obj = decodeValue(row.value, row.id);
    if (selectsAll || predicateMatches(predicate, obj)) items.push(obj);
  }
  const result: ListResult = { items, resourceVersion: String(revision) };
  if (more && last !== undefined) {
    // "\0" is the smallest suffix, so the next page starts right after the last key examined.
    const next = `${last}\u0000`;
    result.continue = encodeContinueToken(next, prefix, revision);
    if (selectsAll) result.remainingItemCount = log.count(prefix, next, revision);
  }
  return result;
}
