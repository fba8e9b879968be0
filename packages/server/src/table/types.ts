/**
 * The meta.k8s.io Table wire types (k8s.io/apimachinery/pkg/apis/meta/v1 Table,
 * TableColumnDefinition, TableRow). Field order and presence follow Go's encoding: column
 * definitions always carry `format` and `priority`; `columnDefinitions` is `null` when headers
 * are omitted; `object` is `null` for includeObject=None.
 *
 * @example
 * const t: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: {}, columnDefinitions: [], rows: [] };
 */

/** includeObject: what each row's `object` holds (meta/v1 IncludeObjectPolicy). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export type TableVersion = 'v1' | 'v1beta1';

export interface TableColumnDefinition {
  name: string;
  /** An OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  /** An OpenAPI format modifier: "name" for the object name column, else usually "". */
  format: string;
  description: string;
  /** 0 shows by default; higher only with `-o wide`. */
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  /** PartialObjectMetadata, the full object, or null (includeObject=None). */
  object: unknown;
}

export interface TableListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface Table {
  kind: 'Table';
  apiVersion: `meta.k8s.io/${TableVersion}`;
  metadata: TableListMeta;
  /** null when headers are omitted (watch events after the first). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: `meta.k8s.io/${TableVersion}`;
  metadata: Record<string, unknown>;
}
