/**
 * RequestInfo: what a request is about, resolved from its method, path and query exactly as
 * kube-apiserver's RequestInfoFactory does (see `resolveRequestInfo` in request-info-resolver.ts).
 */
export type ResourceVerb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'delete'
  | 'deletecollection'
  | 'proxy';

export interface RequestInfo {
  /** True for /api/... and /apis/... resource paths; false for non-resource paths (/healthz, /version, discovery roots). */
  isResourceRequest: boolean;
  /** The URL path, without the query. */
  path: string;
  /** A resource verb (get, list, watch, ...) or, for non-resource requests, the lowercased HTTP method (get, post, ...). */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** The path segments after the version, as kube-apiserver's Parts. */
  parts: string[];
  fieldSelector: string;
  labelSelector: string;
}
