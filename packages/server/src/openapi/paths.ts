/**
 * The REST paths of one resource in one version, as OpenAPI v3 path items named and tagged the
 * way kube-apiserver names them (`listCoreV1NamespacedConfigMap`, `x-kubernetes-action: list`).
 * Every operation carries `x-kubernetes-group-version-kind`; PATCH operations list the patch
 * content types the server accepts, which kubectl's apply reads to choose strategic merge
 * patch (only when `application/strategic-merge-patch+json` is there) or JSON merge patch.
 */
import { type ResourceDefinition, allVerbs, listKindOf } from '@apiserver-kit/core';
import { type JsonSchema, ref, scaleName } from './meta.js';
import { definitionName, metaName, operationGroup, operationTag } from './names.js';
import { type Parameter, operationParameters as params, parametersJson, pathParameter } from './params.js';

export type PathItem = Record<string, unknown>;

export const patchContentTypes = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];
const responseTypes = ['application/json', 'application/yaml'];
const watchResponseTypes = ['application/json', 'application/json;stream=watch', 'application/yaml'];

/** The URL prefix of a group-version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

function content(schemaName: string, types: readonly string[]): JsonSchema {
  return Object.fromEntries(types.map((t) => [t, { schema: ref(schemaName) }]));
}

function responses(codes: Record<string, [string, string]>, types = responseTypes): JsonSchema {
  const out: JsonSchema = {};
  for (const [code, [description, schemaName]] of Object.entries(codes)) out[code] = { content: content(schemaName, types), description };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

interface OperationSpec {
  action: string;
  id: string;
  description: string;
  parameters: readonly Parameter[];
  body?: JsonSchema;
  responses: JsonSchema;
  gvk: { group: string; version: string; kind: string };
}

function operation(o: OperationSpec, tag: string): JsonSchema {
  const op: JsonSchema = { description: o.description, operationId: o.id };
  if (o.parameters.length > 0) op.parameters = parametersJson(o.parameters);
  if (o.body) op.requestBody = o.body;
  op.responses = o.responses;
  op.tags = [tag];
  op['x-kubernetes-action'] = o.action;
  op['x-kubernetes-group-version-kind'] = { group: o.gvk.group, kind: o.gvk.kind, version: o.gvk.version };
  return op;
}

export interface ResourcePathOptions {
  /** Whether PATCH accepts application/strategic-merge-patch+json (kube's built-in types). */
  strategicMergePatch: boolean;
}

/** All path items of `def` in `version`, keyed by path. */
export function resourcePaths(def: ResourceDefinition, version: string, opts: ResourcePathOptions): Record<string, PathItem> {
  const verbs = new Set<string>(def.verbs ?? allVerbs);
  const g = operationGroup(def.group, version);
  const tag = operationTag(def.group, version);
  const kind = def.kind;
  const gvk = { group: def.group, version, kind };
  const self = definitionName(def.group, version, kind);
  const list = definitionName(def.group, version, listKindOf(def));
  const status = metaName('Status');
  const scope = def.namespaced ? 'Namespaced' : '';
  const prefix = groupVersionPrefix(def.group, version);
  const nsPath = def.namespaced ? '/namespaces/{namespace}' : '';
  const nsParams = def.namespaced ? [pathParameter('namespace', kind)] : [];
  const nameParams = [pathParameter('name', kind)];
  const patchTypes = opts.strategicMergePatch ? patchContentTypes : patchContentTypes.filter((t) => !t.startsWith('application/strategic'));
  const writeBody = (schemaName: string): JsonSchema => ({ content: { '*/*': { schema: ref(schemaName) } }, required: true });
  const patchBody = (): JsonSchema => ({ content: content(metaName('Patch'), patchTypes), required: true });

  const paths: Record<string, PathItem> = {};
  const add = (path: string, pathParams: Parameter[], ops: Record<string, OperationSpec | false>) => {
    const item: PathItem = {};
    for (const [method, spec] of Object.entries(ops)) if (spec) item[method] = operation(spec, tag);
    if (Object.keys(item).length === 0) return;
    item.parameters = parametersJson([...pathParams, ...params.pathLevel]);
    paths[path] = item;
  };

  const base = { gvk };
  add(`${prefix}${nsPath}/${def.plural}`, nsParams, {
    get: verbs.has('list') && { ...base, action: 'list', id: `list${g}${scope}${kind}`, description: `list or watch objects of kind ${kind}`, parameters: params.list, responses: responses({ 200: ['OK', list] }, watchResponseTypes) },
    post: verbs.has('create') && { ...base, action: 'post', id: `create${g}${scope}${kind}`, description: `create a ${kind}`, parameters: params.create, body: writeBody(self), responses: responses({ 200: ['OK', self], 201: ['Created', self], 202: ['Accepted', self] }) },
    delete: verbs.has('deletecollection') && { ...base, action: 'deletecollection', id: `delete${g}Collection${scope}${kind}`, description: `delete collection of ${kind}`, parameters: params.deletecollection, body: writeBody(metaName('DeleteOptions')), responses: responses({ 200: ['OK', status] }) },
  });
  add(`${prefix}${nsPath}/${def.plural}/{name}`, [...nameParams, ...nsParams], {
    get: verbs.has('get') && { ...base, action: 'get', id: `read${g}${scope}${kind}`, description: `read the specified ${kind}`, parameters: params.read, responses: responses({ 200: ['OK', self] }) },
    put: verbs.has('update') && { ...base, action: 'put', id: `replace${g}${scope}${kind}`, description: `replace the specified ${kind}`, parameters: params.update, body: writeBody(self), responses: responses({ 200: ['OK', self], 201: ['Created', self] }) },
    patch: verbs.has('patch') && { ...base, action: 'patch', id: `patch${g}${scope}${kind}`, description: `partially update the specified ${kind}`, parameters: params.patch, body: patchBody(), responses: responses({ 200: ['OK', self], 201: ['Created', self] }) },
    delete: verbs.has('delete') && { ...base, action: 'delete', id: `delete${g}${scope}${kind}`, description: `delete a ${kind}`, parameters: params.delete, body: writeBody(metaName('DeleteOptions')), responses: responses({ 200: ['OK', status], 202: ['Accepted', status] }) },
  });
  const subresources: [string, string, string, { group: string; version: string; kind: string }][] = [];
  if (def.subresources?.scale) subresources.push(['scale', 'Scale', scaleName, { group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
  if (def.subresources?.status) subresources.push(['status', 'Status', self, gvk]);
  for (const [sub, title, schemaName, subGvk] of subresources) {
    add(`${prefix}${nsPath}/${def.plural}/{name}/${sub}`, [...nameParams, ...nsParams], {
      get: { gvk: subGvk, action: 'get', id: `read${g}${scope}${kind}${title}`, description: `read ${sub} of the specified ${kind}`, parameters: params.read, responses: responses({ 200: ['OK', schemaName] }) },
      put: { gvk: subGvk, action: 'put', id: `replace${g}${scope}${kind}${title}`, description: `replace ${sub} of the specified ${kind}`, parameters: params.update, body: writeBody(schemaName), responses: responses({ 200: ['OK', schemaName], 201: ['Created', schemaName] }) },
      patch: { gvk: subGvk, action: 'patch', id: `patch${g}${scope}${kind}${title}`, description: `partially update ${sub} of the specified ${kind}`, parameters: params.patch, body: patchBody(), responses: responses({ 200: ['OK', schemaName], 201: ['Created', schemaName] }) },
    });
  }
  const watchEvent = responses({ 200: ['OK', metaName('WatchEvent')] }, watchResponseTypes);
  if (verbs.has('watch')) {
    add(`${prefix}/watch${nsPath}/${def.plural}`, nsParams, {
      get: { ...base, action: 'watchlist', id: `watch${g}${scope}${kind}List`, description: `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`, parameters: params.watch, responses: watchEvent },
    });
    add(`${prefix}/watch${nsPath}/${def.plural}/{name}`, [...nameParams, ...nsParams], {
      get: { ...base, action: 'watch', id: `watch${g}${scope}${kind}`, description: `watch changes to an object of kind ${kind}. deprecated: use the 'watch' parameter with a list operation instead, filtered to a single item with the 'fieldSelector' parameter.`, parameters: params.watch, responses: watchEvent },
    });
  }
  if (def.namespaced && verbs.has('list')) {
    add(`${prefix}/${def.plural}`, [], {
      get: { ...base, action: 'list', id: `list${g}${kind}ForAllNamespaces`, description: `list or watch objects of kind ${kind}`, parameters: params.list, responses: responses({ 200: ['OK', list] }, watchResponseTypes) },
    });
    if (verbs.has('watch')) {
      add(`${prefix}/watch/${def.plural}`, [], {
        get: { ...base, action: 'watchlist', id: `watch${g}${kind}ListForAllNamespaces`, description: `watch individual changes to a list of ${kind}. deprecated: use the 'watch' parameter with a list operation instead.`, parameters: params.watch, responses: watchEvent },
      });
    }
  }
  return paths;
}

/** `GET /api/v1/` or `/apis/<g>/<v>/`: the group-version's APIResourceList. */
export function resourcesPath(group: string, version: string): Record<string, PathItem> {
  const op: JsonSchema = {
    description: 'get available resources',
    operationId: `get${operationGroup(group, version)}APIResources`,
    responses: responses({ 200: ['OK', metaName('APIResourceList')] }),
    tags: [operationTag(group, version)],
  };
  return { [`${groupVersionPrefix(group, version)}/`]: { get: op } };
}
