/**
 * Group / version / kind / resource helpers. The core ("legacy") group is the empty string.
 *
 * @example
 * parseApiVersion('apps/v1');            // { group: 'apps', version: 'v1' }
 * formatApiVersion({ group: '', version: 'v1' }); // 'v1'
 */
export interface GroupVersion {
  group: string;
  version: string;
}
export interface GroupVersionKind extends GroupVersion {
  kind: string;
}
export interface GroupVersionResource extends GroupVersion {
  resource: string;
}
export interface GroupResource {
  group: string;
  resource: string;
}

export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function formatApiVersion(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/** `configmaps` for the core group, `leases.coordination.k8s.io` otherwise (as in error messages). */
export function formatGroupResource(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

export function gvkOf(obj: { apiVersion: string; kind: string }): GroupVersionKind {
  return { ...parseApiVersion(obj.apiVersion), kind: obj.kind };
}
