/**
 * API discovery: the documents kube-apiserver serves under /api and /apis, built from resource
 * definitions as pure functions and precomputed once per set of definitions.
 *
 * - Legacy: APIVersions (/api), APIGroupList (/apis), APIGroup (/apis/<g>), APIResourceList
 *   (/api/v1, /apis/<g>/<v>).
 * - Aggregated: APIGroupDiscoveryList (apidiscovery.k8s.io/v2 and v2beta1) on /api and /apis
 *   when the Accept header asks for it, with an ETag and 304 on If-None-Match.
 *
 * @example
 * const discovery = buildDiscovery(registry.definitions, { serverAddress: '127.0.0.1:6443' });
 * const answer = discovery.serve('/apis', req.headers.accept, req.headers['if-none-match']);
 * if (answer) { res.writeHead(answer.status, answer.headers); res.end(answer.body); }
 */
export { buildDiscovery, type Discovery, type DiscoveryOptions, type DiscoveryResponse } from './serve.js';
export {
  negotiateDiscovery,
  aggregatedContentType,
  aggregatedList,
  type DiscoveryFormat,
  type AggregatedVersion,
} from './aggregated.js';
export { apiVersions, apiGroupList, apiGroup, apiResourceList } from './legacy.js';
export {
  servedGroups,
  storageVersionHash,
  compareVersions,
  type ServedGroup,
  type ServedGroupVersion,
  type ServedResource,
  type ServedSubresource,
} from './model.js';
export type * from './types.js';
