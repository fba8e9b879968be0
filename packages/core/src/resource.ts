/**
 * ResourceDefinition: everything the server needs to serve one kind of object. Packages
 * contribute their resources (RBAC, webhook configurations, CRDs, APIServices) as definitions.
 *
 * @example
 * const widgets = defineResource({
 *   group: 'example.com', versions: ['v1'], kind: 'Widget', plural: 'widgets', namespaced: true,
 *   schema: widgetSchema,
 *   printerColumns: [{ name: 'Size', type: 'integer', value: (o) => o.spec.size }],
 * });
 */
import type { z } from 'zod';
import type { FieldError } from './field-errors.js';
import type { ApiObject } from './objects.js';
import type { ResourceVerb } from './request-info.js';
import type { ValidateNameFunc } from './validation.js';

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

/** A Table column (meta/v1 TableColumnDefinition) and how to compute its cell. */
export interface PrinterColumn {
  name: string;
  type: ColumnType;
  format?: string;
  description?: string;
  /** 0 shows by default; higher shows with `-o wide`. */
  priority?: number;
  /** The cell's value for one object; undefined or null prints as `<none>` in kubectl. */
  value(obj: ApiObject, now: Date): unknown;
}

/** A subresource served by its own handler (e.g. serviceaccounts/token), for discovery. */
export interface ExtraSubresource {
  name: string;
  /** The kind the subresource accepts and returns, e.g. authentication.k8s.io/v1 TokenRequest. */
  group: string;
  version: string;
  kind: string;
  verbs: ResourceVerb[];
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** Hooks that give a resource its own semantics (k8s's RESTCreateStrategy and friends). */
export interface Strategy {
  /** Fill defaults on create and update (after decoding, before admission). */
  defaults?(obj: ApiObject): void;
  /** Clear or set fields the client may not set on create (e.g. status). */
  prepareForCreate?(obj: ApiObject): void;
  /** Carry over fields the client may not change on update (e.g. status on the main resource). */
  prepareForUpdate?(obj: ApiObject, old: ApiObject): void;
  validate?(obj: ApiObject): FieldError[];
  validateUpdate?(obj: ApiObject, old: ApiObject): FieldError[];
  /** How metadata.name is validated; DNS-1123 subdomain by default. */
  validateName?: ValidateNameFunc;
  /** Field-selectable fields beyond metadata.name / metadata.namespace. */
  selectableFields?(obj: ApiObject): Record<string, string>;
  /** Whether metadata.generation is tracked (bumped when anything but metadata and status changes). */
  tracksGeneration?: boolean;
}

export interface ResourceDefinition {
  /** "" for the core group. */
  group: string;
  /** Served versions; the first is the preferred and storage version. */
  versions: string[];
  kind: string;
  /** Defaults to `${kind}List`. */
  listKind?: string;
  plural: string;
  /** Defaults to the lower-cased kind. */
  singular?: string;
  shortNames?: string[];
  categories?: string[];
  namespaced: boolean;
  subresources?: { status?: boolean; scale?: ScaleSubresource; extra?: ExtraSubresource[] };
  /** Validates the whole object on create and update; issues become Invalid causes. */
  schema?: z.ZodType;
  /** Columns after Name; Name is always first. Defaults to Age. */
  printerColumns?: PrinterColumn[];
  strategy?: Strategy;
  /** Supported verbs; defaults to all of them. */
  verbs?: ResourceVerb[];
  /**
   * Strategic-merge-patch metadata: JSON paths (dot-separated, `[]` for list items, e.g.
   * `spec.containers`) of lists merged by key, with their merge key.
   */
  mergeKeys?: Record<string, string>;
}

/** All resource verbs, as discovery lists them. */
export const allVerbs: ResourceVerb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export function defineResource(def: ResourceDefinition): ResourceDefinition {
  return def;
}

export function listKindOf(def: ResourceDefinition): string {
  return def.listKind ?? `${def.kind}List`;
}

export function singularOf(def: ResourceDefinition): string {
  return def.singular ?? def.kind.toLowerCase();
}
