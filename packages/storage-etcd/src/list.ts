/**
 * One page of a list, read the way kube's etcd3 store pages: keys in order from the start key at
 * one revision (the first batch fixes it when reading the latest state), filtered by the
 * predicate until `limit` items are found, fetching bigger batches while the predicate keeps
 * rejecting keys. The continue token starts right after the last key examined; an unfiltered
 * page knows how many items remain from etcd's count.
 *
 * @example
 * const page = await readPage(kv, keys, { dir: '/registry/core/pods/', startKey: '/registry/core/pods/', revision: 0, limit: 10 });
 * page.resourceVersion; // the revision the page was read at
 */
import { predicateEmpty, predicateMatches, type ApiObject, type ListResult, type Predicate } from '@apiserver-kit/core';
import { decodeValue, encodeContinueToken } from '@apiserver-kit/storage';
import type { IKeyValue } from 'etcd3';
import type { EtcdKv } from './client.js';
import type { KeySpace } from './keys.js';

export interface PageRequest {
  /** The listed prefix (a storage key ending in "/"). */
  dir: string;
  /** The storage key the page starts at (inclusive). */
  startKey: string;
  /** The revision to read at; 0 for the latest. */
  revision: number;
  limit?: number | undefined;
  predicate?: Predicate | undefined;
}

const maxBatch = 10_000;

/** A stored object from an etcd key-value, carrying its mod_revision as resourceVersion. */
export function objectOf(kv: IKeyValue): ApiObject {
  return decodeValue(kv.value.toString('utf8'), Number(kv.mod_revision));
}

export async function readPage(kv: EtcdKv, keys: KeySpace, req: PageRequest): Promise<ListResult> {
  const end = keys.rangeEnd(keys.etcdKey(req.dir));
  const selectsAll = predicateEmpty(req.predicate);
  const max = req.limit !== undefined && req.limit > 0 ? req.limit : 0;
  let revision = req.revision;
  let start = keys.etcdKey(req.startKey);
  let batch = max;
  const items: ApiObject[] = [];
  let last: Buffer | undefined;
  let more = false;
  let remainingItemCount: number | undefined;
  for (;;) {
    const res = await kv.range(req.dir, { key: start, range_end: end, limit: batch, revision });
    if (revision === 0) revision = Number(res.header.revision);
    let stoppedEarly = false;
    for (const pair of res.kvs) {
      if (max > 0 && items.length >= max) {
        stoppedEarly = true;
        break;
      }
      last = pair.key;
      const obj = objectOf(pair);
      if (selectsAll || predicateMatches(req.predicate, obj)) items.push(obj);
    }
    if (stoppedEarly || (max > 0 && items.length >= max && res.more)) {
      more = true;
      if (selectsAll) remainingItemCount = Number(res.count) - res.kvs.length;
      break;
    }
    if (!res.more || last === undefined) break;
    start = Buffer.concat([last, Buffer.from([0])]);
    batch = Math.min(Math.max(batch * 2, 1), maxBatch);
  }
  const result: ListResult = { items, resourceVersion: String(revision) };
  if (more && last !== undefined) {
    // "\0" is the smallest suffix, so the next page starts right after the last key examined.
    result.continue = encodeContinueToken(`${keys.storageKey(last)}\u0000`, req.dir, revision);
    if (remainingItemCount !== undefined) result.remainingItemCount = remainingItemCount;
  }
  return result;
}
