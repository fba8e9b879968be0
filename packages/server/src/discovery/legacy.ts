/**
 * Unaggregated ("legacy") discovery documents, shaped field for field as kube-apiserver
 * serves them:
 *
 * - `/api`               → APIVersions (with serverAddressByClientCIDRs)
 * - `/apis`              → APIGroupList
 * - `/apis/<g>`          → APIGroup
 * - `/api/v1`, `/apis/<g>/<v>` → APIResourceList (resources, then `<plural>/<sub>` entries)
 *
 * Definitions with group "" form the legacy core group under /api; the /api/v1 list carries no
 * apiVersion, exactly like kube's.
 *
 * @example
 * const groups = servedGroups(defs);
 * apiVersions(groups, '10.0.0.1:6443'); // {"kind":"APIVersions","versions":["v1"],...}
 */
import type { ServedGroup, ServedGroupVersion, ServedResource } from './model.js';
import type { APIGroup, APIGroupList, APIResource, APIResourceList, APIVersions, GroupVersionForDiscovery } from './types.js';

function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** `/api`: the versions of the core group. */
export function apiVersions(groups: readonly ServedGroup[], serverAddress: string | undefined): APIVersions {
  const core = groups.find((g) => g.name === '');
  return {
    kind: 'APIVersions',
    versions: core ? core.versions.map((v) => v.version) : [],
    serverAddressByClientCIDRs: serverAddress === undefined ? [] : [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: ServedGroup): APIGroup {
  const versions: GroupVersionForDiscovery[] = group.versions.map((v) => ({
    groupVersion: groupVersionString(group.name, v.version),
    version: v.version,
  }));
  return { name: group.name, versions, preferredVersion: versions[0]! };
}

/** `/apis`: every named group (the core group is served under /api instead). */
export function apiGroupList(groups: readonly ServedGroup[]): APIGroupList {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.name !== '').map(groupEntry) };
}

/** `/apis/<g>`. */
export function apiGroup(group: ServedGroup): APIGroup {
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group) };
}

function resourceEntry(r: ServedResource): APIResource {
  const entry: APIResource = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
  if (r.categories.length > 0) entry.categories = r.categories;
  if (r.storageVersionHash) entry.storageVersionHash = r.storageVersionHash;
  return entry;
}

function subresourceEntries(r: ServedResource): APIResource[] {
  return r.subresources.map((s) => {
    // kube names the group and version only when the subresource's kind lives elsewhere (Scale).
    const elsewhere = s.group !== r.group || s.version !== r.version ? { group: s.group, version: s.version } : {};
    return { name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, ...elsewhere, kind: s.kind, verbs: s.verbs };
  });
}

/** `/api/v1` or `/apis/<g>/<v>`. */
export function apiResourceList(gv: ServedGroupVersion): APIResourceList {
  const resources = gv.resources.flatMap((r) => [resourceEntry(r), ...subresourceEntries(r)]);
  const list: APIResourceList = { kind: 'APIResourceList', groupVersion: groupVersionString(gv.group, gv.version), resources };
  if (gv.group === '') return list;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: list.groupVersion, resources };
}
