/**
 * Go formatting specific to admission; the general pieces (goQuote, goStringSlice,
 * aggregateMessage) are core's.
 */

/** schema.GroupVersionKind's String() of an apiVersion and kind: `admission.k8s.io/v1, Kind=AdmissionReview`. */
export function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind}`;
}
