/**
 * Whether one webhook is called for a request (kube's ShouldCallHook): a rule must match, then
 * the namespaceSelector and objectSelector, then the matchConditions. Selector errors and a
 * missing namespace (404) surface only for webhooks whose rules and other selector match, as in kube; a matchConditions
 * error under failurePolicy Fail is a 403 Forbidden.
 */
import { type AdmissionAttributes, type ApiObject, type LabelSelector, errors, isStatusError } from '@apiserver-kit/core';
import type { CelEngine } from '../cel-types.js';
import type { PreparedWebhook } from './hooks.js';
import { evaluateMatchConditions } from './match-conditions.js';
import { type NamespaceLookup, namespaceSelectorMatches, objectSelectorMatches, ruleMatches } from './matching.js';
import { admissionRequest } from './review.js';
import type { MutatingWebhook, ValidatingWebhook } from './types.js';

/** What matching needs for one request; the namespace lookup is memoized for its duration. */
export interface MatchContext {
  engine: CelEngine | undefined;
  namespace(name: string): Promise<ApiObject | undefined>;
}

export function matchContext(lookup: NamespaceLookup, engine: CelEngine | undefined): MatchContext {
  const seen = new Map<string, Promise<ApiObject | undefined>>();
  return {
    engine,
    namespace(name) {
      let p = seen.get(name);
      if (!p) seen.set(name, (p = Promise.resolve().then(() => lookup(name))));
      return p;
    },
  };
}

/** The CEL variables of matchConditions: object, oldObject (null when absent) and request. */
export function celVariables(attrs: AdmissionAttributes): Record<string, unknown> {
  const request = admissionRequest(attrs, '');
  delete request.uid;
  delete request.object;
  delete request.oldObject;
  return { object: attrs.object ?? null, oldObject: attrs.oldObject ?? null, request };
}

export async function shouldCallHook(
  p: PreparedWebhook<ValidatingWebhook | MutatingWebhook>,
  attrs: AdmissionAttributes,
  ctx: MatchContext,
): Promise<boolean> {
  const { hook } = p;
  if (!(hook.rules ?? []).some((r) => ruleMatches(r, attrs))) return false;
  // As in kube, a selector error counts only when the other selector does not rule the webhook out.
  let nsError: unknown;
  let nsMatch = false;
  if (isStatusError(p.namespaceSelector)) nsError = p.namespaceSelector;
  else
    try {
      nsMatch = await namespaceSelectorMatches(p.namespaceSelector, attrs, (n) => ctx.namespace(n));
    } catch (err) {
      nsError = err;
    }
  if (nsError === undefined && !nsMatch) return false;
  const objError = isStatusError(p.objectSelector) ? p.objectSelector : undefined;
  if (!objError && !objectSelectorMatches(p.objectSelector as LabelSelector, attrs)) return false;
  if (nsError !== undefined) throw nsError;
  if (objError) throw objError;
  const conditions = hook.matchConditions ?? [];
  if (conditions.length === 0) return true;
  const outcome = evaluateMatchConditions(conditions, ctx.engine, celVariables(attrs), hook.failurePolicy ?? 'Fail');
  if (outcome.error !== undefined) {
    throw errors.forbidden({ group: attrs.resource.group, resource: attrs.resource.resource }, attrs.name, outcome.error);
  }
  return outcome.matches;
}
