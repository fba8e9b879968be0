/**
 * Strict zod schemas for Kubernetes kinds, as kube's strict decoding reads them: unknown fields
 * surface as `unrecognized_keys` issues (in ObjectMeta, ownerReferences and managedFields
 * entries too), and any field may be null or omitted, as Go's JSON decoding accepts. Every
 * package that defines kinds (the server's built-ins, RBAC, admission configurations) builds
 * on these.
 *
 * @example
 * const configMapSchema = kindSchema({ data: opt(z.record(z.string(), z.string())) });
 */
import { z } from 'zod';
import { managedFieldsEntrySchema, objectMetaSchema, ownerReferenceSchema } from './objects.js';

/** Optional and nullable, as Go's JSON decoding accepts `null` for any omitted field. */
export function opt<T extends z.ZodType>(schema: T) {
  return schema.nullable().optional();
}

/** ObjectMeta with unknown fields reported (ownerReferences and managedFields entries too). */
export const strictObjectMetaSchema = z.strictObject({
  ...objectMetaSchema.shape,
  ownerReferences: opt(z.array(z.strictObject(ownerReferenceSchema.shape))),
  managedFields: opt(z.array(z.strictObject(managedFieldsEntrySchema.shape))),
});

/** The schema of a top-level kind: type meta, strict object meta, and the kind's own fields. */
export function kindSchema<S extends z.ZodRawShape>(fields: S) {
  return z.strictObject({ apiVersion: z.string(), kind: z.string(), metadata: strictObjectMetaSchema, ...fields });
}
