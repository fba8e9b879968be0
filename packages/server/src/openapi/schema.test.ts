import { type ResourceDefinition, objectMetaSchema } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configMaps, deployments, namespaces, widgets } from '../discovery/testdata/definitions.js';
import { kindSchemas } from './schema.js';
import { dig } from './testdata/dig.js';

const schemaOf = (def: ResourceDefinition, version: string, name: string): unknown => kindSchemas(def, version).components[name];
const gvkKey = 'x-kubernetes-group-version-kind';

describe('kindSchemas', () => {
  it("converts the zod schema and points metadata at kube's ObjectMeta", () => {
    const s = schemaOf(configMaps, 'v1', 'io.k8s.api.core.v1.ConfigMap');
    expect(dig(s, 'type')).toBe('object');
    expect(dig(s, gvkKey)).toEqual([{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    expect(dig(s, 'properties.data')).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
    expect(dig(s, 'properties.immutable')).toEqual({ type: 'boolean' });
    expect(dig(s, 'properties.metadata.allOf')).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(dig(s, 'properties.apiVersion.type')).toBe('string');
    expect(s).not.toHaveProperty('required');
    expect(s).not.toHaveProperty('additionalProperties');
  });

  it('adds the list kind with items referring to the kind', () => {
    const list = kindSchemas(configMaps, 'v1').components['io.k8s.api.core.v1.ConfigMapList'];
    expect(dig(list, 'required')).toEqual(['items']);
    expect(dig(list, 'properties.items.items')).toEqual({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.ConfigMap' }], default: {} });
    expect(dig(list, 'properties.metadata.allOf.0.$ref')).toBe('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta');
    expect(dig(list, gvkKey)).toEqual([{ group: '', kind: 'ConfigMapList', version: 'v1' }]);
  });

  it('annotates the lists named in mergeKeys for strategic merge patch, through list items', () => {
    const s = schemaOf(deployments, 'v1', 'io.k8s.api.apps.v1.Deployment');
    const containers = dig(s, 'properties.spec.properties.template.properties.spec.properties.containers');
    expect(containers).toMatchObject({
      type: 'array',
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    const ports = dig(containers, 'items.properties.ports');
    expect(ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort', 'x-kubernetes-patch-strategy': 'merge' });
    expect(dig(ports, 'items.properties.containerPort')).toEqual({ type: 'integer', format: 'int64' });
    expect(dig(s, 'required')).toEqual(['spec']);
  });

  it('marks loose objects as preserving unknown fields and keeps zod descriptions', () => {
    const s = schemaOf(widgets, 'v1beta1', 'com.example.v1beta1.Widget');
    expect(dig(s, 'x-kubernetes-preserve-unknown-fields')).toBe(true);
    expect(dig(s, 'properties.spec.properties.size.description')).toBe('How big the widget is.');
    expect(dig(s, gvkKey)).toEqual([{ group: 'example.com', kind: 'Widget', version: 'v1beta1' }]);
  });

  it('falls back to a permissive object when there is no schema', () => {
    const r = kindSchemas(namespaces, 'v1');
    expect(r.fallback).toBe(true);
    const s = r.components['io.k8s.api.core.v1.Namespace'];
    expect(dig(s, 'x-kubernetes-preserve-unknown-fields')).toBe(true);
    expect(Object.keys(dig(s, 'properties') as object)).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('falls back when zod cannot convert the schema', () => {
    const broken = { ...configMaps, schema: { notAZodSchema: true } as unknown as z.ZodType };
    const r = kindSchemas(broken, 'v1');
    expect(r.fallback).toBe(true);
    expect(dig(r.components['io.k8s.api.core.v1.ConfigMap'], 'x-kubernetes-preserve-unknown-fields')).toBe(true);
    expect(kindSchemas(configMaps, 'v1').fallback).toBe(false);
  });

  it('hoists recursive and named zod types into components and rewrites their refs', () => {
    const Node: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(Node).optional();
      },
    });
    const tree: ResourceDefinition = {
      group: 'example.com',
      versions: ['v1'],
      kind: 'Tree',
      plural: 'trees',
      namespaced: false,
      schema: z.object({ apiVersion: z.string(), kind: z.string(), metadata: objectMetaSchema, root: Node, label: z.string().meta({ id: 'Label' }) }),
    };
    const { components } = kindSchemas(tree, 'v1');
    const s = components['com.example.v1.Tree'];
    expect(dig(s, 'properties.root.$ref')).toBe('#/components/schemas/com.example.v1.Tree__schema0');
    expect(dig(s, 'properties.label.$ref')).toBe('#/components/schemas/com.example.v1.Label');
    expect(dig(components['com.example.v1.Tree__schema0'], 'properties.children.items.$ref')).toBe('#/components/schemas/com.example.v1.Tree__schema0');
    expect(components['com.example.v1.Label']).toEqual({ type: 'string' });
  });
});
