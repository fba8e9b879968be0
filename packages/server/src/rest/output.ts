/**
 * Response encoding for resource requests: plain objects and lists as JSON or YAML, or the
 * representations a client asks for with `as=`: Table (kubectl get) and PartialObjectMetadata.
 */
import type { ServerResponse } from 'node:http';
import { type ApiList, type ApiObject, type ResourceDefinition, header } from '@apiserver-kit/core';
import { parseAccept } from '../http/media.js';
import { type OutputFormat, negotiateOutput, writeObject } from '../http/index.js';
import { type IncludeObject, tableOptionsFromQuery, toTable, wantsTable } from '../table/index.js';
import type { ApiRequest } from '@apiserver-kit/core';

export type Representation =
  | { kind: 'object'; format: OutputFormat }
  | { kind: 'table'; version: 'v1' | 'v1beta1'; includeObject: IncludeObject }
  | { kind: 'metadata'; version: 'v1' | 'v1beta1' };

/** Pick the representation from the Accept header (first acceptable range wins). */
export function negotiateRepresentation(req: ApiRequest): Representation {
  const accept = header(req, 'accept');
  const table = wantsTable(accept ?? '');
  if (table) return { kind: 'table', version: table.version, includeObject: tableOptionsFromQuery(req.query).includeObject };
  for (const r of parseAccept(accept)) {
    const as = r.params.as;
    if (!as) break;
    if (r.params.g !== 'meta.k8s.io' || (r.params.v !== 'v1' && r.params.v !== 'v1beta1')) continue;
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { kind: 'metadata', version: r.params.v };
  }
  return { kind: 'object', format: negotiateOutput(accept) };
}

export function partialObjectMetadata(obj: ApiObject, version: string): ApiObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** Render one object in the negotiated representation. */
export function renderObject(def: ResourceDefinition, obj: ApiObject, rep: Representation, now = new Date()): unknown {
  if (rep.kind === 'table') {
    const listMeta = obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {};
    return toTable(def, [obj], { includeObject: rep.includeObject, listMeta, now, version: rep.version });
  }
  if (rep.kind === 'metadata') return partialObjectMetadata(obj, rep.version);
  return obj;
}

export function renderList(def: ResourceDefinition, list: ApiList, rep: Representation, now = new Date()): unknown {
  if (rep.kind === 'table') {
    return toTable(def, list.items, { includeObject: rep.includeObject, listMeta: list.metadata, now, version: rep.version });
  }
  if (rep.kind === 'metadata') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rep.version}`,
      metadata: list.metadata,
      items: list.items.map((i) => partialObjectMetadata(i, rep.version)),
    };
  }
  return list;
}

export function formatOf(rep: Representation): OutputFormat {
  return rep.kind === 'object' ? rep.format : 'json';
}

export function send(res: ServerResponse, code: number, body: unknown, rep: Representation, warnings: string[] = []): void {
  const headers: Record<string, string> = {};
  if (warnings.length > 0) res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
  writeObject(res, code, body, formatOf(rep), headers);
}
