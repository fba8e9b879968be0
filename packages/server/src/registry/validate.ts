/**
 * Decoding checks and validation of a write: type meta against the endpoint, unknown fields
 * under fieldValidation Strict / Warn / Ignore, object meta, the resource's schema and its
 * strategy's own rules. Failures are kube's BadRequest (decode) and Invalid (422) errors.
 */
import {
  type ApiObject,
  type FieldError,
  type ResourceDefinition,
  errors,
  fieldNotSupported,
  formatFieldPath,
  formatApiVersion,
  parseApiVersion,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  zodFieldErrors,
} from '@apiserver-kit/core';
import { isPlainObject } from '../http/body.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The options kind a write's query parameters belong to, for validation errors. */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions';

export function parseFieldValidation(value: string | null, optionsKind: OptionsKind): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw errors.invalid({ group: 'meta.k8s.io', kind: optionsKind }, '', [
    fieldNotSupported('fieldValidation', value, ['', 'Ignore', 'Strict', 'Warn']),
  ]);
}

/** The internal API package kube names in conversion errors: `core` for the legacy group. */
function internalPackage(group: string): string {
  return group === '' ? 'core' : group.split('.')[0]!;
}

/**
 * Check a decoded body against the endpoint's group/version/kind and fill missing type meta.
 * Built-in types answer mismatches as kube's typed decoder does; others as its unstructured one.
 */
export function checkTypeMeta(def: ResourceDefinition, version: string, body: unknown, builtin = false): ApiObject {
  const expected = formatApiVersion({ group: def.group, version });
  if (!isPlainObject(body)) {
    throw errors.badRequest(`the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: expected an object`);
  }
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  const kind = typeof body.kind === 'string' ? body.kind : '';
  if (apiVersion && apiVersion !== expected) {
    if (!builtin) {
      throw errors.badRequest(`the API version in the data (${apiVersion}) does not match the expected API version (${expected})`);
    }
    const v = parseApiVersion(apiVersion).version;
    throw errors.badRequest(
      `${kind || def.kind} in version "${v}" cannot be handled as a ${def.kind}: no kind "${kind || def.kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  if (kind && kind !== def.kind) {
    const reason = builtin
      ? `converting (${version}.${kind}) to (${internalPackage(def.group)}.${def.kind}): unknown conversion`
      : `the object provided is unrecognized (must be of type ${def.kind})`;
    throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${def.kind}: ${reason}`);
  }
  if (body.metadata !== undefined && body.metadata !== null && !isPlainObject(body.metadata)) {
    throw errors.badRequest(
      `${def.kind} in version "${version}" cannot be handled as a ${def.kind}: json: cannot unmarshal ${typeof body.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`,
    );
  }
  const obj = { ...body, apiVersion: expected, kind: def.kind, metadata: isPlainObject(body.metadata) ? body.metadata : {} };
  return obj as ApiObject;
}

function deleteAt(root: unknown, path: ReadonlyArray<PropertyKey>, keys: string[]): void {
  let cur: unknown = root;
  for (const seg of path) {
    if (!isPlainObject(cur) && !Array.isArray(cur)) return;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  if (isPlainObject(cur)) for (const k of keys) delete cur[k];
}

/**
 * Find unknown fields with the schema (strict zod objects report them as unrecognized keys),
 * drop them from `obj`, and react per fieldValidation: Strict throws BadRequest, Warn returns
 * warnings, Ignore drops silently. Other schema issues become field errors.
 */
export function checkSchema(
  def: ResourceDefinition,
  version: string,
  obj: ApiObject,
  fieldValidation: FieldValidation,
): { warnings: string[]; fieldErrors: FieldError[] } {
  if (!def.schema) return { warnings: [], fieldErrors: [] };
  let result = def.schema.safeParse(obj);
  const unknown: string[] = [];
  for (let round = 0; !result.success && round < 8; round++) {
    const issues = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    if (issues.length === 0) break;
    for (const issue of issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const k of issue.keys) unknown.push(formatFieldPath([...issue.path, k]));
      deleteAt(obj, issue.path, issue.keys);
    }
    result = def.schema.safeParse(obj);
  }
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (unknown.length > 0 && fieldValidation === 'Strict') {
    throw errors.badRequest(
      `${def.kind} in version "${version}" cannot be handled as a ${def.kind}: strict decoding error: ${messages.join(', ')}`,
    );
  }
  const fieldErrors = result.success ? [] : zodFieldErrors(result.error, obj);
  return { warnings: fieldValidation === 'Warn' ? messages : [], fieldErrors };
}

function metaOptions(def: ResourceDefinition) {
  return { namespaced: def.namespaced, nameFn: def.strategy?.validateName ?? nameIsDNSSubdomain };
}

/**
 * Validate a new object; throws 422 Invalid with every field error. A strategy's own validate
 * covers object meta with the resource's name rule; without one the generic rules apply.
 */
export function validateCreate(def: ResourceDefinition, obj: ApiObject, schemaErrors: FieldError[]): void {
  const own = def.strategy?.validate;
  const errs: FieldError[] = [...(own ? own(obj) : validateObjectMeta(obj.metadata, metaOptions(def))), ...schemaErrors];
  if (errs.length > 0) throw errors.invalid({ group: def.group, kind: def.kind }, obj.metadata.name ?? '', errs);
}

/** Validate an updated object against the stored one; throws 422 Invalid. */
export function validateUpdate(def: ResourceDefinition, obj: ApiObject, old: ApiObject, schemaErrors: FieldError[]): void {
  const own = def.strategy?.validateUpdate;
  const generic = () => [
    ...validateObjectMeta(obj.metadata, metaOptions(def)),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
  ];
  const errs: FieldError[] = [...(own ? own(obj, old) : generic()), ...schemaErrors];
  if (errs.length > 0) throw errors.invalid({ group: def.group, kind: def.kind }, obj.metadata.name ?? '', errs);
}
