/**
 * The served API surface derived from resource definitions: groups in order, their versions
 * (preferred first), and per group-version the resources with their subresources. Both the
 * legacy and the aggregated discovery documents are rendered from this one model.
 */
import { createHash } from 'node:crypto';
import { type ResourceDefinition, allVerbs, singularOf } from '@apiserver-kit/core';

export interface ServedSubresource {
  /** `status` or `scale`. */
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

export interface ServedResource {
  def: ResourceDefinition;
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** Set only on the storage (first) version, as kube does. */
  storageVersionHash?: string;
  subresources: ServedSubresource[];
}

export interface ServedGroupVersion {
  group: string;
  version: string;
  resources: ServedResource[];
}

export interface ServedGroup {
  /** "" for the legacy core group. */
  name: string;
  /** Versions, preferred first. */
  versions: ServedGroupVersion[];
}

/**
 * kube's StorageVersionHash: base64 of the first 8 bytes of sha256("<group>/<version>/<kind>").
 * The core group keeps its leading slash ("/v1/ConfigMap").
 */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

const versionPattern = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Kubernetes version priority (k8s.io/apimachinery/pkg/version.CompareKubeAwareVersionStrings):
 * GA before beta before alpha, higher numbers first; other strings after, alphabetically.
 * Returns a negative number when `a` sorts before `b`.
 */
export function compareVersions(a: string, b: string): number {
  const ma = versionPattern.exec(a);
  const mb = versionPattern.exec(b);
  if (!ma || !mb) {
    if (ma) return -1;
    if (mb) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const rank = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (Number(ma[1]) !== Number(mb[1])) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

const subresourceVerbs = ['get', 'patch', 'update'];

function servedResource(def: ResourceDefinition, version: string): ServedResource {
  const subresources: ServedSubresource[] = [];
  if (def.subresources?.scale) {
    subresources.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subresourceVerbs });
  }
  if (def.subresources?.status) {
    subresources.push({ name: 'status', group: def.group, version, kind: def.kind, verbs: subresourceVerbs });
  }
  for (const x of def.subresources?.extra ?? []) {
    subresources.push({ name: x.name, group: x.group, version: x.version, kind: x.kind, verbs: x.verbs });
  }
  subresources.sort((a, b) => (a.name < b.name ? -1 : 1));
  const resource: ServedResource = {
    def,
    group: def.group,
    version,
    plural: def.plural,
    singular: singularOf(def),
    kind: def.kind,
    namespaced: def.namespaced,
    verbs: [...new Set(def.verbs ?? allVerbs)].sort(),
    shortNames: def.shortNames ?? [],
    categories: def.categories ?? [],
    subresources,
  };
  if (version === def.versions[0]) resource.storageVersionHash = storageVersionHash(def.group, version, def.kind);
  return resource;
}

/**
 * Groups in order of first appearance; within a group the preferred version (the first version
 * of the group's first definition) leads and the others follow in Kubernetes priority order.
 * Resources within a version are sorted by plural, as kube's installer does.
 */
export function servedGroups(defs: readonly ResourceDefinition[]): ServedGroup[] {
  const byGroup = new Map<string, { preferred: string; versions: Map<string, ServedResource[]> }>();
  for (const def of defs) {
    let group = byGroup.get(def.group);
    if (!group) {
      group = { preferred: def.versions[0] ?? '', versions: new Map() };
      byGroup.set(def.group, group);
    }
    for (const version of def.versions) {
      const list = group.versions.get(version) ?? [];
      list.push(servedResource(def, version));
      group.versions.set(version, list);
    }
  }
  const groups: ServedGroup[] = [];
  for (const [name, g] of byGroup) {
    const order = [...g.versions.keys()].sort((a, b) => {
      if (a === g.preferred) return -1;
      if (b === g.preferred) return 1;
      return compareVersions(a, b);
    });
    groups.push({
      name,
      versions: order.map((version) => ({
        group: name,
        version,
        resources: (g.versions.get(version) ?? []).sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0)),
      })),
    });
  }
  return groups;
}
