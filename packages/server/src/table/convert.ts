/**
 * Server-side printing: turn objects of one resource into a meta.k8s.io Table, as
 * kube-apiserver answers `Accept: application/json;as=Table;g=meta.k8s.io;v=v1` (what
 * `kubectl get` sends).
 *
 * Columns: Name first, then the definition's printer columns; a definition without printer
 * columns gets the CustomResourceDefinition default (`Age`, type date), so kubectl prints
 * `NAME AGE`. A definition whose columns contain a `format: "name"` column places Name itself
 * (Events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE ... NAME).
 *
 * @example
 * const table = toTable(configMaps, list.items, { includeObject: 'Metadata', listMeta: list.metadata, now: new Date() });
 */
import type { ApiObject, PrinterColumn, ResourceDefinition } from '@apiserver-kit/core';
import { columnDefinition, defaultAgeColumn, isNameColumn, nameColumnDefinition } from './columns.js';
import type {
  IncludeObject,
  PartialObjectMetadata,
  Table,
  TableColumnDefinition,
  TableListMeta,
  TableRow,
  TableVersion,
} from './types.js';

export interface ToTableOptions {
  /** What each row's `object` holds; kubectl's default (and ours) is Metadata. */
  includeObject?: IncludeObject;
  /** Omit column definitions (`columnDefinitions: null`), as kube does for watch events after the first. */
  noHeaders?: boolean;
  /** The list's metadata; for a single object pass `{ resourceVersion: obj.metadata.resourceVersion }`. */
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number | null };
  /** The clock for Age cells. */
  now: Date;
  /** meta.k8s.io version of the Table and PartialObjectMetadata; default v1. */
  version?: TableVersion;
}

/** The printer columns of a definition, defaulted as CRDs are (Age) when it declares none. */
export function printerColumnsOf(def: ResourceDefinition): PrinterColumn[] {
  return def.printerColumns && def.printerColumns.length > 0 ? def.printerColumns : [defaultAgeColumn];
}

function leadingName(columns: PrinterColumn[]): boolean {
  return !columns.some(isNameColumn);
}

/** The wire column definitions of a definition's table. */
export function tableColumnDefinitions(def: ResourceDefinition): TableColumnDefinition[] {
  const columns = printerColumnsOf(def);
  const defs = columns.map(columnDefinition);
  return leadingName(columns) ? [{ ...nameColumnDefinition }, ...defs] : defs;
}

function cell(col: PrinterColumn, obj: ApiObject, now: Date): unknown {
  try {
    const v = col.value(obj, now);
    return v === undefined ? null : v;
  } catch {
    // A column that cannot be computed prints as <none>, as a CRD JSONPath column that fails does.
    return null;
  }
}

/** The cells of one object's row. */
export function tableCells(def: ResourceDefinition, obj: ApiObject, now: Date): unknown[] {
  const columns = printerColumnsOf(def);
  const cells = columns.map((c) => cell(c, obj, now));
  return leadingName(columns) ? [obj.metadata.name ?? '', ...cells] : cells;
}

/** The PartialObjectMetadata form of an object (meta.AsPartialObjectMetadata). */
export function asPartialObjectMetadata(obj: ApiObject, version: TableVersion = 'v1'): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: { ...obj.metadata } };
}

function rowObject(obj: ApiObject, include: IncludeObject, version: TableVersion): unknown {
  if (include === 'None') return null;
  if (include === 'Object') return obj;
  return asPartialObjectMetadata(obj, version);
}

function tableListMeta(meta: ToTableOptions['listMeta']): TableListMeta {
  const out: TableListMeta = {};
  if (meta?.resourceVersion) out.resourceVersion = meta.resourceVersion;
  if (meta?.continue) out.continue = meta.continue;
  if (typeof meta?.remainingItemCount === 'number') out.remainingItemCount = meta.remainingItemCount;
  return out;
}

/** Convert objects of `def` into a Table. */
export function toTable(def: ResourceDefinition, objects: readonly ApiObject[], opts: ToTableOptions): Table {
  const version = opts.version ?? 'v1';
  const include = opts.includeObject ?? 'Metadata';
  const rows: TableRow[] = objects.map((obj) => ({
    cells: tableCells(def, obj, opts.now),
    object: rowObject(obj, include, version),
  }));
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: tableListMeta(opts.listMeta),
    columnDefinitions: opts.noHeaders ? null : tableColumnDefinitions(def),
    rows,
  };
}
