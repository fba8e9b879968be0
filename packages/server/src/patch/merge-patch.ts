/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`): objects merge recursively, `null`
 * deletes a key, anything else (lists included) replaces. Non-object bodies get kube's answers:
 * `null`, strings, numbers and booleans are a 400 "Invalid JSON Patch"; a list becomes the whole
 * document, which kube then fails to decode (422 Invalid on field `patch`). With
 * fieldValidation Strict/Warn kube decodes the body strictly first, so any non-object body is a
 * 400 "error decoding patch: ...". The input object is never mutated.
 *
 * @example
 * applyMergePatch(cm, { data: { old: null, new: 'v' } });
 */
import { deepCopy, errors, fieldInvalid, type ApiObject } from '@apiserver-kit/core';
import { hasOwn, isObject, setOwn, unmarshalTypeError, type JsonObject } from './go-compat.js';

export interface MergePatchOptions {
  /** The request's fieldValidation; Strict and Warn decode the body strictly (other messages). */
  fieldValidation?: string;
}

/** Remove null members (recursively) from a value being added wholesale. */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(pruneNulls);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setOwn(out, k, pruneNulls(x));
    return out;
  }
  return v;
}

/** RFC 7386 merge of two decoded JSON values (neither is mutated). */
export function mergeJson(target: unknown, patch: unknown): unknown {
  // evanphx/json-patch: a non-object replaces as is; an object over a non-object loses its nulls.
  if (!isObject(patch)) return deepCopy(patch);
  if (!isObject(target)) return pruneNulls(deepCopy(patch));
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else setOwn(out, k, hasOwn(out, k) ? mergeJson(out[k], v) : pruneNulls(deepCopy(v)));
  }
  return out;
}

const findKindType =
  'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * Apply a merge patch body (already JSON-decoded) to `original`, returning a new object.
 * Throws the StatusError kube-apiserver would answer with.
 */
export function applyMergePatch(original: ApiObject, patch: unknown, options: MergePatchOptions = {}): ApiObject {
  const strict = options.fieldValidation === 'Strict' || options.fieldValidation === 'Warn';
  if (strict && patch !== null && !isObject(patch)) {
    throw errors.badRequest(`error decoding patch: ${unmarshalTypeError(patch, 'map[string]interface {}')}`);
  }
  if (Array.isArray(patch)) {
    // evanphx/json-patch returns the list itself; decoding it as an object then fails.
    const doc = JSON.stringify(pruneNulls(patch));
    const err = errors.invalid({ group: '', kind: '' }, '', [
      fieldInvalid('patch', doc, `couldn't get version/kind; json parse error: ${unmarshalTypeError(patch, findKindType)}`),
    ]);
    delete err.status.details?.kind;
    throw err;
  }
  if (!isObject(patch)) throw errors.badRequest('Invalid JSON Patch');
  return mergeJson(deepCopy(original), patch) as ApiObject;
}
