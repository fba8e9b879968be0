/**
 * Field validation errors (k8s.io/apimachinery/pkg/util/validation/field) and their mapping
 * onto Status causes, including zod issues.
 *
 * @example
 * const errs = [fieldRequired('metadata.name', 'name or generateName is required')];
 * throw errors.invalid({ group: '', kind: 'ConfigMap' }, '', errs);
 */
import type { ZodError } from 'zod';
import type { CauseType, StatusCause } from './status.js';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** The JSON path of the field, e.g. `metadata.labels` or `spec.containers[0].image`. */
  field: string;
  badValue?: unknown;
  detail?: string;
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

const valueless = new Set<FieldErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

function valueString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** The part after the field path: `Invalid value: "X": must be lowercase`. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type];
  if (!valueless.has(e.type) && e.badValue !== undefined) s = `${s}: ${valueString(e.badValue)}`;
  if (e.detail) s = `${s}: ${e.detail}`;
  return s;
}

export function formatFieldError(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

export function fieldErrorCause(e: FieldError): StatusCause {
  return { reason: e.type as CauseType, message: fieldErrorBody(e), field: e.field };
}

export const fieldInvalid = (field: string, badValue: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  badValue,
  detail,
});
export const fieldRequired = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const fieldForbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const fieldNotSupported = (field: string, badValue: unknown, valid: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  badValue,
  detail: `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
});
export const fieldTooLong = (field: string, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
});
export const fieldDuplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue });

/** Join a zod issue path into a Kubernetes field path: ['spec','items',0,'name'] -> spec.items[0].name */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function getAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

/** Map a ZodError onto field errors; `input` supplies the bad values. */
export function zodFieldErrors(err: ZodError, input?: unknown, prefix = ''): FieldError[] {
  return err.issues.map((issue) => {
    const field = formatFieldPath(issue.path, prefix) || prefix || '<root>';
    const bad = getAt(input, issue.path);
    if (issue.code === 'invalid_type' && bad === undefined) return fieldRequired(field, '');
    if (issue.code === 'invalid_type') return { type: 'FieldValueTypeInvalid', field, badValue: bad, detail: issue.message };
    if (issue.code === 'unrecognized_keys')
      return { type: 'FieldValueNotFound', field, badValue: issue.keys.join(', '), detail: 'unknown field' };
    if (issue.code === 'invalid_value')
      return fieldNotSupported(field, bad, issue.values.map((v) => String(v)));
    return fieldInvalid(field, bad, issue.message);
  });
}
