/**
 * Go formatting for kube's webhook messages. goQuote and aggregateMessage come from core;
 * the rest is specific to admission.
 */
import { goStringSlice } from '@apiserver-kit/core';

export { aggregateMessage, goQuote } from '@apiserver-kit/core';

/** Go's %#v of a slice of strings (or of a named string type): `[]string{"a", "b"}`. */
export function goSlice(values: readonly string[], type = 'string'): string {
  return goStringSlice(values, type);
}

/** schema.GroupVersionKind's String() of an apiVersion and kind: `admission.k8s.io/v1, Kind=AdmissionReview`. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind}`;
}
