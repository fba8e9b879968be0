/**
 * The OpenAPI v3 schema of a kind, from its definition's zod schema:
 * `z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' })`, then shaped like
 * kube's: apiVersion/kind/metadata described and pointing at ObjectMeta, zod's
 * `additionalProperties: false` dropped (unknown fields are the server's fieldValidation
 * business), loose objects marked `x-kubernetes-preserve-unknown-fields`, safe-integer bounds
 * turned into `format: int64`, nested `definitions` hoisted into components, and lists named
 * in `def.mergeKeys` annotated for strategic merge patch.
 */
import type { ResourceDefinition } from '@apiserver-kit/core';
import { listKindOf } from '@apiserver-kit/core';
import { z } from 'zod';
import {
  type JsonSchema,
  apiVersionProperty,
  componentsPrefix,
  kindProperty,
  listMetadataProperty,
  objectMetadataProperty,
  ref,
} from './meta.js';
import { definitionName, definitionPackage } from './names.js';

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rewrites zod's output in place to look like kube's schemas; `rename` maps local refs. */
function tidy(node: unknown, rename: (local: string) => string): void {
  if (Array.isArray(node)) {
    for (const item of node) tidy(item, rename);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.$ref === 'string') node.$ref = rename(node.$ref);
  if (node.additionalProperties === false) delete node.additionalProperties;
  if (isObject(node.additionalProperties) && Object.keys(node.additionalProperties).length === 0 && isObject(node.properties)) {
    delete node.additionalProperties;
    node['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (node.type === 'integer' && node.minimum === Number.MIN_SAFE_INTEGER && node.maximum === Number.MAX_SAFE_INTEGER) {
    delete node.minimum;
    delete node.maximum;
    node.format ??= 'int64';
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'enum' && key !== 'default' && key !== 'example') tidy(value, rename);
  }
}

function fallbackSchema(): JsonSchema {
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
}

/** zod → JSON schema, or undefined when the definition has none or zod cannot convert it. */
function convert(schema: z.ZodType | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  try {
    const out: unknown = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' });
    return isObject(out) ? out : undefined;
  } catch {
    return undefined;
  }
}

/** Finds the schema at a dotted mergeKeys path (`spec.containers[].ports`), looking through refs and compositions. */
function schemaAt(root: JsonSchema, path: string, components: Record<string, JsonSchema>): JsonSchema | undefined {
  const resolve = (s: JsonSchema): JsonSchema => {
    const r = s.$ref;
    if (typeof r === 'string' && r.startsWith(componentsPrefix)) return components[r.slice(componentsPrefix.length)] ?? s;
    return s;
  };
  const property = (s: JsonSchema, key: string): JsonSchema | undefined => {
    const here = resolve(s);
    const props = here.properties;
    if (isObject(props) && isObject(props[key])) return props[key];
    for (const k of ['allOf', 'anyOf', 'oneOf']) {
      const branches = here[k];
      if (!Array.isArray(branches)) continue;
      for (const b of branches) {
        const found = isObject(b) ? property(b, key) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  };
  let node: JsonSchema | undefined = root;
  for (const segment of path.split('.')) {
    const items = segment.endsWith('[]');
    node = node && property(node, items ? segment.slice(0, -2) : segment);
    if (node && items) {
      const list: unknown = resolve(node).items;
      node = isObject(list) ? list : undefined;
    }
  }
  return node && resolve(node);
}

export interface KindSchemas {
  /** Definition name → schema: the kind itself, its list, and types hoisted out of its schema. */
  components: Record<string, JsonSchema>;
  /** Whether the definition's zod schema could not be used and the permissive fallback stands in. */
  fallback: boolean;
}

/** The schemas one definition contributes to the document of `version`. */
export function kindSchemas(def: ResourceDefinition, version: string): KindSchemas {
  const name = definitionName(def.group, version, def.kind);
  const converted = convert(def.schema);
  const schema: JsonSchema = converted ?? fallbackSchema();
  const components: Record<string, JsonSchema> = {};

  const hoisted = { ...(isObject(schema.definitions) ? schema.definitions : {}), ...(isObject(schema.$defs) ? schema.$defs : {}) };
  delete schema.definitions;
  delete schema.$defs;
  delete schema.$schema;
  const pkg = `${definitionPackage(def.group)}.${version}`;
  const hoistedName = (key: string) => (key.startsWith('__schema') ? `${name}${key}` : `${pkg}.${key}`);
  const rename = (local: string) => {
    const m = /^#\/(?:definitions|\$defs)\/(.+)$/.exec(local);
    return m ? `${componentsPrefix}${hoistedName(decodeURIComponent(m[1]!))}` : local;
  };
  tidy(schema, rename);
  for (const [key, value] of Object.entries(hoisted)) {
    if (!isObject(value)) continue;
    tidy(value, rename);
    components[hoistedName(key)] = value;
  }

  const properties = isObject(schema.properties) ? schema.properties : {};
  schema.type = 'object';
  schema.properties = { ...properties, apiVersion: apiVersionProperty, kind: kindProperty, metadata: objectMetadataProperty };
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter((k) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata');
    if (required.length > 0) schema.required = required;
    else delete schema.required;
  }
  schema['x-kubernetes-group-version-kind'] = [{ group: def.group, kind: def.kind, version }];

  for (const [path, key] of Object.entries(def.mergeKeys ?? {})) {
    const list = schemaAt(schema, path, components);
    if (!list) continue;
    list['x-kubernetes-list-map-keys'] = [key];
    list['x-kubernetes-list-type'] = 'map';
    list['x-kubernetes-patch-merge-key'] = key;
    list['x-kubernetes-patch-strategy'] = 'merge';
  }

  components[name] = schema;
  const listKind = listKindOf(def);
  components[definitionName(def.group, version, listKind)] = {
    description: `${listKind} is a list of ${def.kind}`,
    properties: {
      apiVersion: apiVersionProperty,
      items: { description: `List of ${def.plural}.`, items: { allOf: [ref(name)], default: {} }, type: 'array' },
      kind: kindProperty,
      metadata: listMetadataProperty,
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: def.group, kind: listKind, version }],
  };
  return { components, fallback: converted === undefined };
}
