/**
 * Shared pieces of the built-in resources: strict zod schemas for type and object meta (so
 * unknown fields surface as `unrecognized_keys` issues, as kube's strict decoding reports
 * them), common field types, and ObjectMeta validation with a resource's name rule.
 *
 * @example
 * const schema = kindSchema({ data: opt(z.record(z.string(), z.string())) });
 * const errs = validateMetaCreate(obj, { namespaced: true, nameFn: nameIsDNSSubdomain });
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  type ValidateNameFunc,
  opt,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '@apiserver-kit/core';

// The strict kind schemas live in core, so packages that cannot depend on the server share them.
export { kindSchema, opt, strictObjectMetaSchema } from '@apiserver-kit/core';

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A metav1.Time or MicroTime: an RFC 3339 timestamp. */
export const timeSchema = z.string().regex(rfc3339, { error: 'must be an RFC 3339 timestamp' });

export const int32Schema = z.number().int().min(-2147483648).max(2147483647);


/** core/v1 ObjectReference. */
export const objectReferenceSchema = z.strictObject({
  kind: opt(z.string()),
  namespace: opt(z.string()),
  name: opt(z.string()),
  uid: opt(z.string()),
  apiVersion: opt(z.string()),
  resourceVersion: opt(z.string()),
  fieldPath: opt(z.string()),
});

/** core/v1 LocalObjectReference. */
export const localObjectReferenceSchema = z.strictObject({ name: opt(z.string()) });

export interface MetaRules {
  namespaced: boolean;
  nameFn: ValidateNameFunc;
}

/** kube's ValidateObjectMeta with the resource's name rule. */
export function validateMetaCreate(obj: ApiObject, rules: MetaRules): FieldError[] {
  return validateObjectMeta(obj.metadata, rules);
}

/** kube's ValidateObjectMetaUpdate (immutable name, uid, ...); Validate*Update functions add the create rules. */
export function validateMetaUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  return validateObjectMetaUpdate(obj.metadata, old.metadata);
}

/** A plain object field of `obj`, created when missing (for defaulting and strategies). */
export function objectField(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = obj[key];
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur)) return cur as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  obj[key] = created;
  return created;
}

/** A string-keyed map field, or an empty one when unset. */
export function mapField(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = obj[key];
  return cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>) : {};
}

/** kube's field.Path Key: `data[some.key]` (no quotes). */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** Two maps equal as kube compares them after decoding (nil and empty both mean "no entries"). */
export function sameMap(a: unknown, b: unknown): boolean {
  const ea = Object.entries(a !== null && typeof a === 'object' ? (a as Record<string, unknown>) : {});
  const mb = b !== null && typeof b === 'object' ? (b as Record<string, unknown>) : {};
  if (ea.length !== Object.keys(mb).length) return false;
  return ea.every(([k, v]) => Object.prototype.hasOwnProperty.call(mb, k) && mb[k] === v);
}
