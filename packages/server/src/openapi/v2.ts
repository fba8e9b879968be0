/**
 * OpenAPI v2 (Swagger 2.0, `/openapi/v2`): one document for the whole server, derived from
 * the v3 group-version documents the way kube's v2 differs from its v3: `#/definitions/` refs,
 * `$ref` with siblings instead of `allOf` wrappers, `consumes`/`produces` lists, parameters with
 * a `type` rather than a `schema`, body parameters, and no `nullable`/`anyOf`/`oneOf`/`not`.
 *
 * @example
 * const swagger = swaggerDocument(groupVersionDocuments(defs, {}), {});
 * swagger.definitions['io.k8s.api.core.v1.ConfigMap']['x-kubernetes-group-version-kind'];
 */
import { type JsonSchema, componentsPrefix } from './meta.js';
import { type GroupVersionDocument, type OpenApiOptions, documentInfo, securitySchemes } from './v3.js';

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const dropped = new Set(['nullable', 'anyOf', 'oneOf', 'not']);
/** kubectl's v2 model parser rejects any other `type`. */
const v2Types = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

const toV2Ref = (r: string) => r.replace(componentsPrefix, '#/definitions/');

/** A v3 schema in v2 form (a deep copy). */
export function schemaToV2(node: unknown): unknown {
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  const allOf = node.allOf;
  const single = Array.isArray(allOf) && allOf.length === 1 && isObject(allOf[0]) && typeof allOf[0].$ref === 'string';
  if (single) out.$ref = toV2Ref(String((allOf[0] as JsonSchema).$ref));
  for (const [key, value] of Object.entries(node)) {
    if (dropped.has(key)) continue;
    if (single && (key === 'allOf' || key === 'default')) continue;
    if (key === 'type' && !(typeof value === 'string' && v2Types.has(value))) continue;
    if (key === '$ref' && typeof value === 'string') out.$ref = toV2Ref(value);
    else if (key === 'properties' && isObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaToV2(v)]));
    else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) out[key] = schemaToV2(value);
    else if (key === 'allOf' && Array.isArray(value)) out.allOf = value.map(schemaToV2);
    else out[key] = structuredClone(value);
  }
  return out;
}

function parameterToV2(p: unknown): JsonSchema {
  const v3 = isObject(p) ? p : {};
  const schema = isObject(v3.schema) ? v3.schema : {};
  const out: JsonSchema = { description: v3.description, in: v3.in, name: v3.name };
  if (v3.required) out.required = true;
  out.type = schema.type;
  out.uniqueItems = true;
  return out;
}

function firstSchemaRef(contentMap: unknown): string | undefined {
  if (!isObject(contentMap)) return undefined;
  for (const media of Object.values(contentMap)) {
    if (isObject(media) && isObject(media.schema) && typeof media.schema.$ref === 'string') return media.schema.$ref;
  }
  return undefined;
}

function operationToV2(op: JsonSchema): JsonSchema {
  const body = isObject(op.requestBody) ? op.requestBody : undefined;
  const bodyTypes = body && isObject(body.content) ? Object.keys(body.content) : ['*/*'];
  const out: JsonSchema = {
    consumes: bodyTypes,
    description: op.description,
    operationId: op.operationId,
  };
  const parameters = (Array.isArray(op.parameters) ? op.parameters : []).map(parameterToV2);
  const bodyRef = body ? firstSchemaRef(body.content) : undefined;
  if (bodyRef) {
    parameters.unshift({ in: 'body', name: 'body', required: true, schema: { $ref: bodyRef.replace(componentsPrefix, '#/definitions/') } });
  }
  if (parameters.length > 0) out.parameters = parameters;
  const produces = new Set<string>();
  const responses: JsonSchema = {};
  for (const [code, response] of Object.entries(isObject(op.responses) ? op.responses : {})) {
    if (!isObject(response)) continue;
    const entry: JsonSchema = { description: response.description };
    const r = firstSchemaRef(response.content);
    if (r) entry.schema = { $ref: r.replace(componentsPrefix, '#/definitions/') };
    if (isObject(response.content)) for (const t of Object.keys(response.content)) produces.add(t);
    responses[code] = entry;
  }
  out.produces = [...produces];
  out.responses = responses;
  out.schemes = ['https'];
  out.tags = op.tags;
  for (const [key, value] of Object.entries(op)) if (key.startsWith('x-')) out[key] = structuredClone(value);
  return out;
}

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

function pathItemToV2(item: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const m of methods) if (isObject(item[m])) out[m] = operationToV2(item[m]);
  if (Array.isArray(item.parameters)) out.parameters = item.parameters.map(parameterToV2);
  return out;
}

/** The Swagger 2.0 document merging every group-version document. */
export function swaggerDocument(docs: readonly GroupVersionDocument[], opts: OpenApiOptions): JsonSchema {
  const paths: [string, JsonSchema][] = [];
  const definitions = new Map<string, unknown>();
  for (const { document } of docs) {
    for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
      if (isObject(item)) paths.push([path, pathItemToV2(item)]);
    }
    const components = isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
    for (const [name, schema] of Object.entries(components)) if (!definitions.has(name)) definitions.set(name, schemaToV2(schema));
  }
  const byName = <T>(entries: [string, T][]) => Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    swagger: '2.0',
    info: documentInfo(opts),
    paths: byName(paths),
    definitions: byName([...definitions]),
    securityDefinitions: structuredClone(securitySchemes),
    security: [{ BearerToken: [] }],
  };
}
