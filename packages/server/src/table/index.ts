/**
 * Server-side printing: meta.k8s.io Tables for `kubectl get`, Accept negotiation for
 * `as=Table`, includeObject parsing, and kube's human-readable durations.
 *
 * @example
 * import { wantsTable, tableOptionsFromQuery, toTable } from './table/index.js';
 * const want = wantsTable(req.headers.accept);
 * if (want) {
 *   const { includeObject } = tableOptionsFromQuery(req.query);
 *   body = toTable(def, list.items, { includeObject, listMeta: list.metadata, now: new Date(), version: want.version });
 * }
 */
export type {
  IncludeObject,
  PartialObjectMetadata,
  Table,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
  TableVersion,
} from './types.js';
export {
  type ToTableOptions,
  asPartialObjectMetadata,
  printerColumnsOf,
  tableCells,
  tableColumnDefinitions,
  toTable,
} from './convert.js';
export { ageColumn, columnDefinition, defaultAgeColumn, nameColumn, nameColumnDefinition } from './columns.js';
export { objectMetaDescriptions } from './descriptions.js';
export {
  humanDuration,
  humanReadableDate,
  parseTimestamp,
  shortHumanDuration,
  translateTimestampSince,
} from './duration.js';
export { cellForJSONValue } from './cells.js';
export { type TableRequest, parseIncludeObject, tableOptionsFromQuery, wantsTable } from './negotiate.js';
export { type WatchTableEncoder, watchTableEncoder } from './watch.js';
