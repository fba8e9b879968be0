/**
 * Interplay of server-side apply with kubectl's client-side apply annotation
 * (`kubectl.kubernetes.io/last-applied-configuration`), as kube's lastAppliedManager and
 * lastAppliedUpdater do it for the "kubectl" field manager: conflicts over fields the
 * annotation still describes correctly are allowed (so `kubectl apply --server-side` can take
 * over objects created with client-side apply), and an existing annotation is kept in sync with
 * the configuration applied server-side.
 *
 * @example
 * const allowed = allowedConflictsFromLastApplied(live, liveWithoutManagedFields, 'v1', meta);
 * const stored = syncLastApplied(result, appliedConfig);
 */
import { deepCopy, type ApiObject } from '@apiserver-kit/core';
import { goJson, isObject } from './go-compat.js';
import type { FieldSet } from './fieldpath.js';
import type { PatchMeta } from './patch-meta.js';
import { compare, toFieldSet } from './typed.js';

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The fields a kubectl server-side apply may take over without conflict: those of the
 * last-applied annotation whose values still match the live object. Undefined when the
 * annotation is absent, unparsable or of another apiVersion.
 */
export function allowedConflictsFromLastApplied(
  liveObj: ApiObject,
  liveValue: unknown,
  apiVersion: string,
  meta: PatchMeta,
): FieldSet | undefined {
  const text = liveObj.metadata?.annotations?.[lastAppliedAnnotation];
  if (!text) return undefined;
  let lastApplied: unknown;
  try {
    lastApplied = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(lastApplied) || lastApplied.apiVersion !== apiVersion) return undefined;
  try {
    const c = compare(lastApplied, liveValue, meta);
    return toFieldSet(lastApplied, meta).difference(c.modified).difference(c.added).difference(c.removed);
  } catch {
    return undefined;
  }
}

/** Rewrite an existing last-applied annotation to the applied configuration (Go JSON + newline). */
export function syncLastApplied(result: ApiObject, applied: ApiObject): ApiObject {
  const annotations = result.metadata?.annotations;
  if (!annotations?.[lastAppliedAnnotation]) return result;
  const config = deepCopy(applied);
  const own = config.metadata?.annotations;
  if (own) delete own[lastAppliedAnnotation];
  annotations[lastAppliedAnnotation] = `${goJson(config)}\n`;
  return result;
}
