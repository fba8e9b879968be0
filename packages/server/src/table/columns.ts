/**
 * Printer columns shared by many resources: the Name column every table starts with, the
 * built-in printers' Age column, and the default Age column of resources that define none
 * (what CustomResourceDefinitions without additionalPrinterColumns get).
 *
 * @example
 * defineResource({ ..., printerColumns: [{ name: 'Data', type: 'string', value: (o) => count(o) }, ageColumn] });
 */
import type { PrinterColumn } from '@apiserver-kit/core';
import { objectMetaDescriptions } from './descriptions.js';
import { humanReadableDate, translateTimestampSince } from './duration.js';
import type { TableColumnDefinition } from './types.js';

/** The Name column kube puts first in every table. */
export const nameColumnDefinition: TableColumnDefinition = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: objectMetaDescriptions.name,
  priority: 0,
};

/**
 * A printer column for the object's name, for resources (like Events) whose tables place
 * Name somewhere other than first. `toTable` omits its leading Name column when a
 * definition's columns contain one with format "name".
 */
export function nameColumn(priority = 0): PrinterColumn {
  return {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: objectMetaDescriptions.name,
    priority,
    value: (obj) => obj.metadata.name ?? '',
  };
}

/** The Age column of kube's built-in printers: a string like "5s", "3m10s", "2d3h". */
export const ageColumn: PrinterColumn = {
  name: 'Age',
  type: 'string',
  description: objectMetaDescriptions.creationTimestamp,
  value: (obj, now) => translateTimestampSince(obj.metadata.creationTimestamp, now),
};

/**
 * The Age column a CustomResourceDefinition gets when it declares no printer columns: type
 * "date", cells like "5s", "3m", "2d" (one unit). kubectl prints `NAME AGE`.
 */
export const defaultAgeColumn: PrinterColumn = {
  name: 'Age',
  type: 'date',
  description: objectMetaDescriptions.creationTimestamp,
  value: (obj, now) => humanReadableDate(obj.metadata.creationTimestamp, now),
};

/** The wire column definition of a printer column. */
export function columnDefinition(col: PrinterColumn): TableColumnDefinition {
  return {
    name: col.name,
    type: col.type,
    format: col.format ?? '',
    description: col.description ?? '',
    priority: col.priority ?? 0,
  };
}

/** True for a column that prints the object's name (format "name"). */
export function isNameColumn(col: PrinterColumn): boolean {
  return col.format === 'name';
}
