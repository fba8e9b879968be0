/**
 * kube's admissionregistration/v1 defaults: failurePolicy Fail, matchPolicy Equivalent, empty
 * (match-everything) namespace and object selectors, timeoutSeconds 10, reinvocationPolicy
 * Never (mutating), rule scope `*`, service port 443. sideEffects and admissionReviewVersions
 * have no default in v1: they are required.
 *
 * @example
 * defaultWebhookConfiguration(obj, true); // obj.webhooks[0].timeoutSeconds === 10
 */
import { isRecord } from '@apiserver-kit/core';
import type { ApiObject } from '@apiserver-kit/core';
import type { MutatingWebhook, ValidatingWebhook } from './types.js';

function defaultWebhook(hook: Record<string, unknown>, mutating: boolean): void {
  hook.failurePolicy ??= 'Fail';
  hook.matchPolicy ??= 'Equivalent';
  hook.namespaceSelector ??= {};
  hook.objectSelector ??= {};
  hook.timeoutSeconds ??= 10;
  if (mutating) hook.reinvocationPolicy ??= 'Never';
  if (Array.isArray(hook.rules)) for (const rule of hook.rules) if (isRecord(rule)) rule.scope ??= '*';
  const cc = hook.clientConfig;
  if (isRecord(cc) && isRecord(cc.service)) cc.service.port ??= 443;
}

/** Fill kube's v1 defaults into a Validating- or MutatingWebhookConfiguration in place. */
export function defaultWebhookConfiguration(obj: ApiObject, mutating: boolean): void {
  if (!Array.isArray(obj.webhooks)) return;
  for (const hook of obj.webhooks as unknown[]) if (isRecord(hook)) defaultWebhook(hook, mutating);
}

/** A defaulted copy of one webhook (what the dispatcher works with). */
export function defaultedWebhook<T extends ValidatingWebhook | MutatingWebhook>(hook: T, mutating: boolean): T {
  const copy = structuredClone(hook) as T & Record<string, unknown>;
  // JSON nulls mean "unset" to Go's decoder; drop them so the defaults apply.
  for (const [k, v] of Object.entries(copy)) if (v === null) delete copy[k];
  defaultWebhook(copy, mutating);
  return copy;
}
