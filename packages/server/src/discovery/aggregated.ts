/**
 * Aggregated discovery (apidiscovery.k8s.io/v2, and v2beta1 for older clients): `/api` and
 * `/apis` answer with every group, version and resource in one APIGroupDiscoveryList when the
 * Accept header asks for it. client-go (kubectl 1.32) sends
 *
 *   application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
 *   application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json
 *
 * and tells the formats apart by the response Content-Type alone, so that header must name the
 * group, version and kind (see `aggregatedContentType`).
 *
 * @example
 * negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'); // 'v2'
 * aggregatedList(servedGroups(defs).filter((g) => g.name !== ''), 'v2');
 */
import { parseAccept } from '../http/media.js';
import type { ServedGroup, ServedResource } from './model.js';
import type { APIGroupDiscovery, APIGroupDiscoveryList, APIResourceDiscovery } from './types.js';

export type DiscoveryFormat = 'v2' | 'v2beta1' | 'legacy';
export type AggregatedVersion = 'v2' | 'v2beta1';

/** The Content-Type of an aggregated discovery response, as kube-apiserver writes it. */
export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/**
 * Which discovery document an Accept header asks for. Media ranges are tried by q-value (then
 * in order); the first one we can serve wins. Ranges naming another `as=` (Table...) or a type
 * we cannot produce (protobuf) are skipped; when none fits the legacy JSON document is served.
 */
export function negotiateDiscovery(accept: string | undefined): DiscoveryFormat {
  for (const range of parseAccept(accept)) {
    const essence = `${range.type}/${range.subtype}`;
    const jsonLike = essence === 'application/json' || essence === 'application/*' || essence === '*/*';
    if (!jsonLike) continue;
    const as = range.params.as;
    if (as === undefined) return 'legacy';
    if (as !== 'APIGroupDiscoveryList' || range.params.g !== 'apidiscovery.k8s.io') continue;
    if (range.params.v === 'v2') return 'v2';
    if (range.params.v === 'v2beta1') return 'v2beta1';
  }
  return 'legacy';
}

function resourceDiscovery(r: ServedResource): APIResourceDiscovery {
  const entry: APIResourceDiscovery = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
  if (r.categories.length > 0) entry.categories = r.categories;
  if (r.subresources.length > 0) {
    entry.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.group, version: s.version, kind: s.kind },
      verbs: s.verbs,
    }));
  }
  return entry;
}

function groupDiscovery(group: ServedGroup): APIGroupDiscovery {
  return {
    metadata: { name: group.name, creationTimestamp: null },
    versions: group.versions.map((v) => ({
      version: v.version,
      resources: v.resources.map(resourceDiscovery),
      freshness: 'Current',
    })),
  };
}

/** The APIGroupDiscoveryList of the given groups (the core group alone for /api, the others for /apis). */
export function aggregatedList(groups: readonly ServedGroup[], version: AggregatedVersion): APIGroupDiscoveryList {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map(groupDiscovery),
  };
}
