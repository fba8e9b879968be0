/**
 * Applying a mutating webhook's answer to the object (kube's callAttrMutatingHook after the
 * call): the patch must decode as a JSON Patch (else the call failed), only patchType JSONPatch
 * is supported (else the call failed), a patch for a request without an object (DELETE) is a
 * 500, and an operation that does not apply is a 500. The patched object must keep its
 * apiVersion and kind (kube decodes it back into the same type). Returns the patched copy and
 * whether it differs from the original.
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { type ApiObject, deepCopy, errors, isRecord } from '@apiserver-kit/core';
import { CallingWebhookError } from './errors.js';

/** Deep equality of JSON values, key order ignored. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

function decodeOperations(webhookName: string, bytes: Buffer): Operation[] {
  let ops: unknown;
  try {
    ops = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new CallingWebhookError(webhookName, `received undecodable patch in webhook response: ${(err as Error).message}`);
  }
  if (!Array.isArray(ops) || ops.some((op) => op !== null && !isRecord(op))) {
    throw new CallingWebhookError(
      webhookName,
      'received undecodable patch in webhook response: json: cannot unmarshal into Go value of type jsonpatch.Patch',
    );
  }
  return ops.filter((op) => op !== null) as Operation[];
}

function parentExists(doc: unknown, path: string): boolean {
  const tokens = path.split('/').slice(1, -1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur: unknown = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isRecord(cur)) cur = cur[t];
    else return false;
  }
  return Array.isArray(cur) || isRecord(cur);
}

/** json-patch v4's wording (what kube reports) for an operation that does not apply. */
function patchErrorMessage(doc: unknown, err: unknown): string {
  const e = err as { name?: string; message?: string; operation?: { op?: unknown; path?: unknown } };
  const op = typeof e.operation?.op === 'string' ? e.operation.op : '';
  const path = typeof e.operation?.path === 'string' ? e.operation.path : '';
  switch (e.name) {
    case 'OPERATION_PATH_CANNOT_ADD':
      return `add operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      if (op === 'replace')
        return parentExists(doc, path)
          ? `replace operation does not apply: doc is missing key: ${path}: missing value`
          : `replace operation does not apply: doc is missing path: ${path}: missing value`;
      if (op === 'remove')
        return parentExists(doc, path)
          ? `Unable to remove nonexistent key: ${path.slice(path.lastIndexOf('/') + 1)}: missing value`
          : `remove operation does not apply: doc is missing path: "${path}": missing value`;
      return `${op} operation does not apply: doc is missing path: ${path}: missing value`;
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_OP_INVALID':
      return `Unexpected kind: ${op}: unknown object type`;
    default:
      return (e.message ?? String(err)).split('\n')[0]!;
  }
}

export interface PatchOutcome {
  patched: ApiObject;
  changed: boolean;
}

/** The object after the webhook's patch, or undefined when the patch is empty. */
export function applyWebhookPatch(
  webhookName: string,
  object: ApiObject | undefined,
  patch: Buffer,
  patchType: string,
): PatchOutcome | undefined {
  const ops = decodeOperations(webhookName, patch);
  if (ops.length === 0) return undefined;
  if (!object) {
    throw errors.internalError(new Error(`admission webhook "${webhookName}" attempted to modify the object, which is not supported for this operation`));
  }
  if (patchType !== 'JSONPatch') throw new CallingWebhookError(webhookName, `unsupported patch type "${patchType}"`);
  let patched: unknown;
  try {
    patched = jsonpatch.applyPatch(deepCopy(object), ops, true, true).newDocument;
  } catch (err) {
    throw errors.internalError(new Error(patchErrorMessage(object, err)));
  }
  if (!isRecord(patched) || !isRecord(patched.metadata)) {
    throw errors.internalError(new Error(`admission webhook "${webhookName}" returned a patch that leaves no object metadata`));
  }
  if (patched.apiVersion !== object.apiVersion || patched.kind !== object.kind) {
    throw errors.internalError(
      new Error(`admission webhook "${webhookName}" may not change the object's apiVersion or kind (${object.apiVersion}, Kind=${object.kind})`),
    );
  }
  return { patched: patched as ApiObject, changed: !jsonEqual(object, patched) };
}

/** Make `target` hold exactly the fields of `source` (the plugins change attrs.object in place). */
export function replaceContents(target: ApiObject, source: ApiObject): void {
  const t = target as unknown as Record<string, unknown>;
  for (const key of Object.keys(t)) if (!(key in source)) delete t[key];
  Object.assign(t, source);
}
