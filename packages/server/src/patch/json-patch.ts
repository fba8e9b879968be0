/**
 * RFC 6902 JSON patch (`application/json-patch+json`) with kube-apiserver's answers: a body that
 * is not a list of operations is a 400 BadRequest carrying Go's decoding message, more than
 * 10000 operations is a 413, and any operation that cannot be applied (unknown op, bad path,
 * failed `test`, removing a missing key) is kube's generic 422 Invalid "the server rejected our
 * request due to an error in our request". Like kube's json-patch v4, negative array indices
 * count from the end for `add` and `remove`, a missing `value` adds null, and operations on the
 * document root are rejected. The input object is never mutated.
 *
 * @example
 * const cm = applyJsonPatch(live, [{ op: 'replace', path: '/data/key', value: 'v2' }]);
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { deepCopy, errors, type ApiObject } from '@apiserver-kit/core';
import { genericUnprocessable, isObject, jsonEqual, jsonKindWord, unmarshalTypeError } from './go-compat.js';

/** kube-apiserver's maxJSONPatchOperations. */
export const maxJsonPatchOperations = 10000;

export interface JsonPatchOptions {
  /** The request's fieldValidation; Strict and Warn decode the body strictly (other messages). */
  fieldValidation?: string;
}

const ops = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function isStrict(options: JsonPatchOptions): boolean {
  return options.fieldValidation === 'Strict' || options.fieldValidation === 'Warn';
}

/** Decode the body into raw operations the way kube does (before anything is applied). */
function decodeOperations(body: unknown, strict: boolean): unknown[] {
  if (body === null || body === undefined) return [];
  if (!Array.isArray(body)) {
    if (strict) throw errors.badRequest(`error decoding patch: ${unmarshalTypeError(body, '[]handlers.jsonPatchOp')}`);
    throw errors.badRequest(unmarshalTypeError(body, 'jsonpatch.Patch'));
  }
  for (const op of body) {
    if (op === null) continue;
    if (!isObject(op)) {
      if (strict) throw errors.badRequest(`error decoding patch: ${unmarshalTypeError(op, 'handlers.jsonPatchOp')}`);
      throw errors.badRequest(unmarshalTypeError(op, 'jsonpatch.Operation'));
    }
    if (!strict) continue;
    for (const field of ['op', 'path', 'from']) {
      const v = op[field];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw errors.badRequest(
          `error decoding patch: json: cannot unmarshal ${jsonKindWord(v)} into Go struct field jsonPatchOp.${field} of type string`,
        );
      }
    }
  }
  return body;
}

function unescapeToken(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The container holding the last token of `pointer` (json-patch v4's findObject), or undefined. */
function parentOf(doc: unknown, pointer: string): { parent: unknown; key: string } | undefined {
  const tokens = pointer.split('/');
  if (tokens.length < 2) return undefined;
  let cur = doc;
  for (const raw of tokens.slice(1, -1)) {
    const t = unescapeToken(raw);
    if (Array.isArray(cur)) {
      if (!/^[+-]?\d+$/.test(t) || Number(t) < 0 || Number(t) >= cur.length) return undefined;
      cur = cur[Number(t)];
    } else if (isObject(cur)) {
      cur = cur[t];
    } else return undefined;
    if (cur === null || typeof cur !== 'object') return undefined;
  }
  return { parent: cur, key: unescapeToken(tokens[tokens.length - 1]!) };
}

/** Rewrite a negative final array index (json-patch v4's SupportNegativeIndices) to a positive one. */
function resolveNegativeIndex(doc: unknown, pointer: string, op: string): string {
  const found = parentOf(doc, pointer);
  if (!found || !Array.isArray(found.parent) || !/^-\d+$/.test(found.key)) return pointer;
  const size = op === 'add' ? found.parent.length + 1 : found.parent.length;
  const idx = Number(found.key);
  if (idx < -size) throw genericUnprocessable();
  return `${pointer.slice(0, pointer.lastIndexOf('/'))}/${idx + size}`;
}

/** json-patch v4's `test`: a missing key or null matches only a null value. */
function testOperation(doc: unknown, pointer: string, op: Record<string, unknown>): void {
  if (!('value' in op)) throw genericUnprocessable();
  const found = parentOf(doc, pointer);
  if (!found) throw genericUnprocessable();
  let current: unknown;
  if (Array.isArray(found.parent)) {
    if (!/^[+-]?\d+$/.test(found.key)) throw genericUnprocessable();
    const idx = Number(found.key);
    if (idx < 0 || idx >= found.parent.length) throw genericUnprocessable();
    current = found.parent[idx];
  } else {
    current = (found.parent as Record<string, unknown>)[found.key];
  }
  if (current === undefined || current === null) {
    if (op.value === null) return;
    throw genericUnprocessable();
  }
  if (!jsonEqual(current, op.value)) throw genericUnprocessable();
}

function applyOne(doc: unknown, raw: unknown): unknown {
  if (!isObject(raw)) throw genericUnprocessable();
  const kind = raw.op;
  if (typeof kind !== 'string' || !ops.has(kind)) throw genericUnprocessable();
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) throw genericUnprocessable();
  if (kind === 'test') {
    testOperation(doc, raw.path, raw);
    return doc;
  }
  const op: Record<string, unknown> = { op: kind, path: raw.path };
  if (kind === 'move' || kind === 'copy') {
    if (typeof raw.from !== 'string' || !raw.from.startsWith('/')) throw genericUnprocessable();
    op.from = raw.from;
  }
  if (kind === 'add' || kind === 'replace') op.value = 'value' in raw ? deepCopy(raw.value) : null;
  if (kind === 'add' || kind === 'remove') op.path = resolveNegativeIndex(doc, raw.path, kind);
  try {
    return jsonpatch.applyOperation(doc, op as unknown as Operation, true, true).newDocument;
  } catch {
    throw genericUnprocessable();
  }
}

/**
 * Apply an RFC 6902 patch body (already JSON-decoded) to `original`, returning a new object.
 * Throws the StatusError kube-apiserver would answer with.
 */
export function applyJsonPatch(original: ApiObject, patchBody: unknown, options: JsonPatchOptions = {}): ApiObject {
  const operations = decodeOperations(patchBody, isStrict(options));
  if (operations.length > maxJsonPatchOperations) {
    throw errors.requestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${operations.length}`,
    );
  }
  let doc: unknown = deepCopy(original);
  for (const op of operations) doc = applyOne(doc, op);
  if (!isObject(doc)) throw genericUnprocessable();
  return doc as ApiObject;
}
