/**
 * The watch stream: one JSON object per line, `{"type":"ADDED","object":{...}}`, chunked, until
 * timeoutSeconds, the client leaving, or the server closing. A resourceVersion that is too old
 * is answered the way kube-apiserver does after admission: a 200 stream with one ERROR event.
 */
import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import {
  type ApiObject,
  type ApiRequest,
  type WatchEvent,
  type WatchOptions,
  formatApiVersion,
  isStatusError,
} from '@apiserver-kit/core';
import { baseHeaders } from '../http/index.js';
import type { ResourceStore } from '../registry/store.js';
import type { ListQuery } from './query.js';
import { watchTableEncoder, type WatchTableEncoder } from '../table/index.js';
import { type Representation, renderObject } from './output.js';

/** kube's --min-request-timeout default; a watch without timeoutSeconds lasts 1-2x this. */
export const minRequestTimeoutSeconds = 1800;

export interface WatchTarget {
  store: ResourceStore;
  namespace: string;
  name: string;
  query: ListQuery;
  rep: Representation;
}

interface Encoder {
  encode(ev: WatchEvent): string;
}

/** One encoder per stream: Tables carry their column definitions on the first event only. */
function eventEncoder(t: WatchTarget): Encoder {
  const def = t.store.def;
  const rep = t.rep;
  const table: WatchTableEncoder | undefined =
    rep.kind === 'table' ? watchTableEncoder(def, { includeObject: rep.includeObject, version: rep.version }) : undefined;
  return {
    encode(ev) {
      if (ev.type === 'ERROR') {
        table?.passThrough();
        return JSON.stringify({ type: 'ERROR', object: ev.object });
      }
      let object: ApiObject = ev.object;
      if (ev.type === 'BOOKMARK') {
        object = {
          kind: def.kind,
          apiVersion: formatApiVersion({ group: def.group, version: t.store.storageVersion }),
          metadata: { ...ev.object.metadata, creationTimestamp: null },
        };
        if (rep.kind !== 'object') return JSON.stringify({ type: 'BOOKMARK', object });
      }
      if (table) return JSON.stringify({ type: ev.type, object: table.encode(object, new Date()) });
      return JSON.stringify({ type: ev.type, object: renderObject(def, object, rep) });
    },
  };
}

function startStream(res: ServerResponse): void {
  baseHeaders(res);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.flushHeaders();
}

export async function serveWatch(req: ApiRequest, res: ServerResponse, t: WatchTarget): Promise<void> {
  const q = t.query;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  req.signal.addEventListener('abort', onAbort, { once: true });
  const opts: WatchOptions = {
    predicate: { label: q.labelSelector, field: q.fieldSelector, fieldsOf: t.store.fieldsOf },
    allowBookmarks: q.allowWatchBookmarks,
    signal: stop.signal,
  };
  if (q.resourceVersion !== undefined) opts.resourceVersion = q.resourceVersion;
  if (q.sendInitialEvents !== undefined) opts.sendInitialEvents = q.sendInitialEvents;
  try {
    let watcher;
    try {
      watcher = await t.store.watch(t.namespace, t.name, opts);
    } catch (err) {
      if (isStatusError(err) && (err.status.reason === 'Expired' || err.status.reason === 'Gone')) {
        startStream(res);
        res.end(`${JSON.stringify({ type: 'ERROR', object: err.status })}\n`);
        return;
      }
      throw err;
    }
    const seconds = q.timeoutSeconds ?? Math.floor(minRequestTimeoutSeconds * (1 + Math.random()));
    const timer = setTimeout(() => watcher.stop(), seconds * 1000);
    timer.unref();
    stop.signal.addEventListener('abort', () => watcher.stop(), { once: true });
    startStream(res);
    const encoder = eventEncoder(t);
    try {
      for await (const ev of watcher) {
        if (ev.type === 'BOOKMARK' && !q.allowWatchBookmarks && !q.sendInitialEvents) continue;
        if (!res.write(`${encoder.encode(ev)}\n`)) {
          await Promise.race([once(res, 'drain'), once(res, 'close')]);
          if (res.destroyed) break;
        }
      }
    } finally {
      clearTimeout(timer);
      watcher.stop();
    }
    if (!res.destroyed) res.end();
  } finally {
    req.signal.removeEventListener('abort', onAbort);
  }
}
