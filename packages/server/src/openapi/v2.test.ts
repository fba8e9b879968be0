import { describe, expect, it } from 'vitest';
import { sampleDefinitions } from '../discovery/testdata/definitions.js';
import { encodeSwaggerProto } from './protobuf.js';
import { dig } from './testdata/dig.js';
import { decodeProto, messages, text } from './testdata/proto-decode.js';
import { schemaToV2, swaggerDocument } from './v2.js';
import { groupVersionDocuments } from './v3.js';

const swagger = swaggerDocument(groupVersionDocuments(sampleDefinitions, {}), {});

function refsOf(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

describe('swaggerDocument', () => {
  it('is a Swagger 2.0 document with every kind, list and meta type as a definition', () => {
    expect(swagger.swagger).toBe('2.0');
    expect(swagger.info).toEqual({ title: 'Kubernetes', version: 'unversioned' });
    const names = Object.keys(swagger.definitions as object);
    expect(names).toEqual(
      expect.arrayContaining([
        'io.k8s.api.core.v1.ConfigMap',
        'io.k8s.api.core.v1.ConfigMapList',
        'io.k8s.api.apps.v1.Deployment',
        'io.k8s.api.autoscaling.v1.Scale',
        'io.k8s.api.coordination.v1.Lease',
        'com.example.v1.Widget',
        'com.example.v1beta1.Widget',
        'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      ]),
    );
    expect(names).toEqual([...names].sort());
  });

  it('only refers to definitions that exist, with v2 refs', () => {
    const refs = refsOf(swagger);
    expect(refs.length).toBeGreaterThan(50);
    const defined = new Set(Object.keys(swagger.definitions as object).map((n) => `#/definitions/${n}`));
    expect(refs.filter((r) => !defined.has(r))).toEqual([]);
  });

  it('writes operations with consumes, produces, inline query parameters and a body parameter', () => {
    const patch = dig(swagger, ['paths', '/api/v1/namespaces/{namespace}/configmaps/{name}', 'patch']);
    expect(dig(patch, 'consumes')).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    expect(dig(patch, 'produces')).toEqual(['application/json', 'application/yaml']);
    expect(dig(patch, 'parameters.0')).toEqual({ in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } });
    expect(dig(patch, 'parameters.3')).toEqual({ description: expect.any(String), in: 'query', name: 'fieldValidation', type: 'string', uniqueItems: true });
    expect(dig(patch, 'responses.200')).toEqual({ description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' } });
    expect(dig(patch, 'x-kubernetes-action')).toBe('patch');
  });

  it('turns allOf-wrapped refs into kube v2 refs with siblings', () => {
    expect(dig(swagger, ['definitions', 'io.k8s.api.core.v1.ConfigMap', 'properties', 'metadata'])).toEqual({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      description: expect.stringContaining("Standard object's metadata"),
    });
  });
});

describe('schemaToV2', () => {
  it('drops what Swagger 2.0 cannot express and keeps property names that look like keywords', () => {
    const v3 = {
      type: 'object',
      nullable: true,
      properties: { type: { anyOf: [{ type: 'string' }, { type: 'number' }] }, nothing: { type: 'null' } },
    };
    expect(schemaToV2(v3)).toEqual({ type: 'object', properties: { type: {}, nothing: {} } });
  });
});

describe('encodeSwaggerProto', () => {
  const doc = decodeProto(encodeSwaggerProto(swagger));

  it('encodes the gnostic openapi.v2.Document fields', () => {
    expect(text(doc, 1)).toBe('2.0');
    const info = decodeProto(messages(doc, 2)[0]!);
    expect([text(info, 1), text(info, 2)]).toEqual(['Kubernetes', 'unversioned']);
  });

  it('encodes every definition with its schema and vendor extensions as YAML text', () => {
    const definitions = messages(decodeProto(messages(doc, 9)[0]!), 1).map(decodeProto);
    expect(definitions.map((d) => text(d, 1))).toEqual(Object.keys(swagger.definitions as object));
    const cm = definitions.find((d) => text(d, 1) === 'io.k8s.api.core.v1.ConfigMap')!;
    const schema = decodeProto(messages(cm, 2)[0]!);
    expect(text(decodeProto(messages(schema, 22)[0]!), 1)).toBe('object');
    const ext = decodeProto(messages(schema, 31)[0]!);
    expect(text(ext, 1)).toBe('x-kubernetes-group-version-kind');
    expect(JSON.parse(text(decodeProto(messages(ext, 2)[0]!), 2)!)).toEqual([{ group: '', kind: 'ConfigMap', version: 'v1' }]);
    const props = messages(decodeProto(messages(schema, 25)[0]!), 1).map(decodeProto);
    expect(props.map((p) => text(p, 1))).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']);
  });

  it('encodes query parameters as NonBodyParameter.query_parameter_sub_schema', () => {
    const paths = messages(decodeProto(messages(doc, 8)[0]!), 2).map(decodeProto);
    const item = paths.find((p) => text(p, 1) === '/api/v1/namespaces/{namespace}/configmaps/{name}')!;
    const patch = decodeProto(messages(decodeProto(messages(item, 2)[0]!), 8)[0]!);
    expect(text(patch, 5)).toBe('patchCoreV1NamespacedConfigMap');
    const queryNames = messages(patch, 8)
      .map((p) => decodeProto(messages(decodeProto(p), 1)[0]!))
      .flatMap((param) => messages(param, 2))
      .map((nb) => decodeProto(messages(decodeProto(nb), 3)[0]!))
      .map((q) => text(q, 4));
    expect(queryNames).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });
});
