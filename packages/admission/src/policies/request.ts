/**
 * The variables a policy's expressions see (kube's CreateAdmissionRequest and
 * CreateNamespaceObject): `request` with kind / resource as the policy matched them,
 * requestKind / requestResource as the request came, subResource, name, namespace, operation,
 * userInfo, dryRun and options (Create/Update/DeleteOptions); `object` and `oldObject`, null
 * when absent; `namespaceObject`, the request's namespace trimmed to the fields kube exposes,
 * null for cluster-scoped requests.
 *
 * @example
 * celRequest(attrs); // { kind: {...}, resource: {...}, operation: 'CREATE', userInfo: {...}, ... }
 */
import type { AdmissionAttributes, ApiObject } from '@apiserver-kit/core';
import { effectiveNamespace } from '../webhooks/matching.js';
import { operationOptions } from '../webhooks/review.js';
import type { MatchedResource } from './matching.js';

export function celRequest(attrs: AdmissionAttributes, matched?: MatchedResource): Record<string, unknown> {
  const kind = matched?.kind ?? attrs.kind;
  const resource = matched?.resource ?? attrs.resource;
  return {
    kind: { group: kind.group, version: kind.version, kind: kind.kind },
    resource: { group: resource.group, version: resource.version, resource: resource.resource },
    subResource: attrs.subresource,
    requestKind: { group: attrs.kind.group, version: attrs.kind.version, kind: attrs.kind.kind },
    requestResource: { group: attrs.resource.group, version: attrs.resource.version, resource: attrs.resource.resource },
    requestSubResource: attrs.subresource,
    name: attrs.name,
    namespace: effectiveNamespace(attrs),
    operation: attrs.operation,
    userInfo: {
      username: attrs.user.name,
      uid: attrs.user.uid ?? '',
      groups: [...attrs.user.groups],
      extra: { ...(attrs.user.extra ?? {}) },
    },
    dryRun: attrs.dryRun,
    options: operationOptions(attrs),
  };
}

const metadataFields = [
  'name',
  'generateName',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'finalizers',
] as const;

/** The namespace as `namespaceObject`: metadata without owner references or managed fields, spec, status. */
export function celNamespaceObject(ns: ApiObject | undefined): Record<string, unknown> | null {
  if (!ns) return null;
  const metadata: Record<string, unknown> = {};
  const meta = ns.metadata as Record<string, unknown>;
  for (const f of metadataFields) if (meta[f] !== undefined) metadata[f] = meta[f];
  const out: Record<string, unknown> = { metadata };
  if (ns.spec !== undefined) out.spec = ns.spec;
  if (ns.status !== undefined) out.status = ns.status;
  return out;
}
