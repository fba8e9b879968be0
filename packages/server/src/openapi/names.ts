/**
 * Names kube-openapi gives things: definition (schema) names from the Go package of a type,
 * operation ids and tags from the group and version.
 *
 * @example
 * definitionName('', 'v1', 'ConfigMap');                   // 'io.k8s.api.core.v1.ConfigMap'
 * definitionName('coordination.k8s.io', 'v1', 'Lease');    // 'io.k8s.api.coordination.v1.Lease'
 * definitionName('example.com', 'v1', 'Widget');           // 'com.example.v1.Widget'
 * operationGroup('rbac.authorization.k8s.io', 'v1');       // 'RbacAuthorizationV1'
 */

/** Groups whose Go package is not `k8s.io/api/<first label of the group>`. */
const packageOfGroup: Record<string, string> = {
  '': 'io.k8s.api.core',
  'meta.k8s.io': 'io.k8s.apimachinery.pkg.apis.meta',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
  'apiregistration.k8s.io': 'io.k8s.kube-aggregator.pkg.apis.apiregistration',
  'internal.apiserver.k8s.io': 'io.k8s.api.apiserverinternal',
  'metrics.k8s.io': 'io.k8s.metrics.pkg.apis.metrics',
};

/** True for Kubernetes' own groups: the core group, dot-less groups (apps, batch) and *.k8s.io. */
export function isKubernetesGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/** The package prefix of a group's definitions, without version (`io.k8s.api.apps`, `com.example`). */
export function definitionPackage(group: string): string {
  const known = packageOfGroup[group];
  if (known) return known;
  if (!group.includes('.')) return `io.k8s.api.${group}`;
  if (group.endsWith('.k8s.io')) return `io.k8s.api.${group.slice(0, group.indexOf('.'))}`;
  return group.split('.').reverse().join('.');
}

/** The OpenAPI definition name of a kind, as kube-apiserver publishes it. */
export function definitionName(group: string, version: string, kind: string): string {
  return `${definitionPackage(group)}.${version}.${kind}`;
}

/** The definition name of a meta/v1 type (`ObjectMeta`, `Status`...). */
export function metaName(kind: string): string {
  return definitionName('meta.k8s.io', 'v1', kind);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The group part of operation ids: '' → Core, rbac.authorization.k8s.io → RbacAuthorization. */
export function groupCamel(group: string): string {
  if (group === '') return 'Core';
  const trimmed = group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  return trimmed
    .split(/[.-]/)
    .filter((p) => p !== '')
    .map(capitalize)
    .join('');
}

/** `CoreV1`, `AppsV1`, `ExampleComV1beta1`: the middle of every operation id. */
export function operationGroup(group: string, version: string): string {
  return `${groupCamel(group)}${capitalize(version)}`;
}

/** The tag of a group-version's operations: `core_v1`, `rbacAuthorization_v1`. */
export function operationTag(group: string, version: string): string {
  const g = groupCamel(group);
  return `${g.charAt(0).toLowerCase()}${g.slice(1)}_${version}`;
}
