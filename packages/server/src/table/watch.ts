/**
 * Tables in watch streams. kube-apiserver converts each watch event's object to a one-row
 * Table and sends column definitions only with the first event of the stream: its
 * watchEmbeddedEncoder sets TableOptions.NoHeaders after encoding the first event (whatever
 * its type, an ERROR Status included), so later events carry `"columnDefinitions": null`.
 * kubectl prints headers once and appends rows.
 *
 * @example
 * const enc = watchTableEncoder(def, { includeObject: 'Metadata' });
 * stream.write(JSON.stringify({ type: 'ADDED', object: enc.encode(obj, new Date()) }));
 */
import type { ApiObject, ResourceDefinition } from '@apiserver-kit/core';
import { toTable } from './convert.js';
import type { IncludeObject, Table, TableVersion } from './types.js';

export interface WatchTableEncoder {
  /** The one-row Table of an event's object; headers only on the stream's first event. */
  encode(obj: ApiObject, now: Date): Table;
  /** Record that an event not converted to a Table (an ERROR Status) was sent. */
  passThrough(): void;
}

export function watchTableEncoder(
  def: ResourceDefinition,
  opts: { includeObject?: IncludeObject; version?: TableVersion } = {},
): WatchTableEncoder {
  let headersSent = false;
  return {
    encode(obj, now) {
      const table = toTable(def, [obj], {
        includeObject: opts.includeObject,
        version: opts.version,
        noHeaders: headersSent,
        listMeta: { resourceVersion: obj.metadata.resourceVersion },
        now,
      });
      headersSent = true;
      return table;
    },
    passThrough() {
      headersSent = true;
    },
  };
}
