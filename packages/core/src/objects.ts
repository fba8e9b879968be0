/**
 * The Kubernetes object model: ObjectMeta, ListMeta, OwnerReference, ApiObject and ApiList,
 * as zod schemas with their inferred types. Field names are the wire names.
 *
 * @example
 * const cm = apiObjectSchema.parse(JSON.parse(body));
 * cm.metadata.name; // string | undefined
 */
import { z } from 'zod';

export const ownerReferenceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof ownerReferenceSchema>;

export const managedFieldsEntrySchema = z.object({
  manager: z.string().optional(),
  operation: z.enum(['Apply', 'Update']).optional(),
  apiVersion: z.string().optional(),
  time: z.string().optional(),
  fieldsType: z.string().optional(),
  fieldsV1: z.record(z.string(), z.unknown()).optional(),
  subresource: z.string().optional(),
});
export type ManagedFieldsEntry = z.infer<typeof managedFieldsEntrySchema>;

export const objectMetaSchema = z.object({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().nullable().optional(),
  deletionTimestamp: z.string().nullable().optional(),
  deletionGracePeriodSeconds: z.number().int().nullable().optional(),
  labels: z.record(z.string(), z.string()).nullable().optional(),
  annotations: z.record(z.string(), z.string()).nullable().optional(),
  ownerReferences: z.array(ownerReferenceSchema).nullable().optional(),
  finalizers: z.array(z.string()).nullable().optional(),
  managedFields: z.array(managedFieldsEntrySchema).nullable().optional(),
  selfLink: z.string().optional(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

export const listMetaSchema = z.object({
  resourceVersion: z.string().optional(),
  continue: z.string().optional(),
  remainingItemCount: z.number().int().optional(),
  selfLink: z.string().optional(),
});
export type ListMeta = z.infer<typeof listMetaSchema>;

/** Any Kubernetes object: type meta, object meta, and whatever fields its kind has. */
export const apiObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: objectMetaSchema,
});
export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ApiList<T extends ApiObject = ApiObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

/** The schema of a list whose items follow `item`. */
export function apiListSchema<T extends z.ZodType>(item: T) {
  return z.object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: listMetaSchema,
    items: z.array(item),
  });
}

/** A deep copy of a JSON value (objects from storage and the wire are plain JSON). */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
