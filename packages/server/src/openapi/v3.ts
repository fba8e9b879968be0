/**
 * OpenAPI v3: one document per group-version (`/openapi/v3/api/v1`,
 * `/openapi/v3/apis/<g>/<v>`) and the root index that points at them with a content hash
 * (`{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=<HASH>"}}}`), where the
 * hash is kube-openapi's: upper-case hex SHA-512 of the document's JSON.
 *
 * @example
 * const docs = groupVersionDocuments(defs, {});
 * docs[0].key;                      // 'api/v1'
 * docs[0].document.paths['/api/v1/namespaces/{namespace}/configmaps'].get.operationId;
 * // 'listCoreV1NamespacedConfigMap'
 */
import { createHash } from 'node:crypto';
import type { ResourceDefinition } from '@apiserver-kit/core';
import { servedGroups } from '../discovery/model.js';
import { type JsonSchema, metaComponents, scaleComponents } from './meta.js';
import { isKubernetesGroup } from './names.js';
import { type PathItem, resourcePaths, resourcesPath } from './paths.js';
import { kindSchemas } from './schema.js';

export interface OpenApiOptions {
  /**
   * Whether a resource accepts strategic merge patch; advertised in its PATCH operations.
   * Defaults to true for Kubernetes' own groups ("", dot-less groups, *.k8s.io).
   */
  strategicMergePatch?: (def: ResourceDefinition) => boolean;
  /** `info` of every document; defaults to `{ title: 'Kubernetes', version: 'unversioned' }`. */
  info?: { title?: string; version?: string };
}

export interface GroupVersionDocument {
  /** The root index key: `api/v1` or `apis/<group>/<version>`. */
  key: string;
  group: string;
  version: string;
  document: JsonSchema;
}

export const securitySchemes = {
  BearerToken: { description: 'Bearer Token authentication', in: 'header', name: 'authorization', type: 'apiKey' },
};

function sortedObject<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function documentInfo(opts: OpenApiOptions): { title: string; version: string } {
  return { title: opts.info?.title ?? 'Kubernetes', version: opts.info?.version ?? 'unversioned' };
}

/** The OpenAPI v3 document of every served group-version, in discovery order. */
export function groupVersionDocuments(defs: readonly ResourceDefinition[], opts: OpenApiOptions): GroupVersionDocument[] {
  const smp = opts.strategicMergePatch ?? ((d: ResourceDefinition) => isKubernetesGroup(d.group));
  const out: GroupVersionDocument[] = [];
  for (const group of servedGroups(defs)) {
    for (const gv of group.versions) {
      const paths = new Map<string, PathItem>(Object.entries(resourcesPath(gv.group, gv.version)));
      const components = new Map<string, JsonSchema>(Object.entries(metaComponents()));
      for (const r of gv.resources) {
        for (const [path, item] of Object.entries(resourcePaths(r.def, gv.version, { strategicMergePatch: smp(r.def) }))) paths.set(path, item);
        for (const [name, schema] of Object.entries(kindSchemas(r.def, gv.version).components)) components.set(name, schema);
        if (r.def.subresources?.scale) for (const [name, schema] of Object.entries(scaleComponents())) components.set(name, schema);
      }
      out.push({
        key: gv.group === '' ? `api/${gv.version}` : `apis/${gv.group}/${gv.version}`,
        group: gv.group,
        version: gv.version,
        document: {
          openapi: '3.0.0',
          info: documentInfo(opts),
          paths: sortedObject(paths),
          components: { schemas: sortedObject(components), securitySchemes: structuredClone(securitySchemes) },
        },
      });
    }
  }
  return out;
}

/** kube-openapi's document hash / ETag value: upper-case hex SHA-512 (unquoted). */
export function contentHash(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('hex').toUpperCase();
}

/** The `/openapi/v3` index, given each group-version key and its document hash. */
export function v3Root(hashes: ReadonlyMap<string, string>): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, hash] of [...hashes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}
