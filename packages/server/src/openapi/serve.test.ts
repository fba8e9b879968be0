import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleDefinitions } from '../discovery/testdata/definitions.js';
import { buildOpenApi } from './serve.js';
import { dig } from './testdata/dig.js';

const openapi = buildOpenApi(sampleDefinitions);
const json = (b: Buffer): unknown => JSON.parse(b.toString('utf8'));
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex').toUpperCase();

describe('/openapi/v3', () => {
  const root = openapi.serve('/openapi/v3', 'application/json, */*', undefined)!;

  it('indexes every group-version with a hash of its document', () => {
    expect(root.status).toBe(200);
    expect(root.headers['Content-Type']).toBe('application/json');
    const paths = dig(json(root.body), 'paths') as Record<string, { serverRelativeURL: string }>;
    expect(Object.keys(paths)).toEqual(['api/v1', 'apis/apps/v1', 'apis/coordination.k8s.io/v1', 'apis/example.com/v1', 'apis/example.com/v1beta1']);
    const url = paths['apis/coordination.k8s.io/v1']!.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/coordination\.k8s\.io\/v1\?hash=[0-9A-F]{128}$/);
    const doc = openapi.serve(url, 'application/json', undefined)!;
    expect(url.endsWith(sha512(doc.body))).toBe(true);
  });

  it('serves a hashed group-version document as immutable, with the hash as ETag', () => {
    const url = (dig(json(root.body), ['paths', 'api/v1', 'serverRelativeURL']) as string);
    const r = openapi.serve(url, 'application/json', undefined)!;
    expect(r.status).toBe(200);
    expect(r.headers['Cache-Control']).toBe('public, immutable');
    expect(r.headers.ETag).toBe(`"${url.split('hash=')[1]}"`);
    const doc = json(r.body);
    expect(dig(doc, 'openapi')).toBe('3.0.0');
    expect(dig(doc, ['components', 'schemas', 'io.k8s.api.core.v1.ConfigMap', 'x-kubernetes-group-version-kind'])).toEqual([
      { group: '', kind: 'ConfigMap', version: 'v1' },
    ]);
    expect(Object.keys(dig(doc, 'paths') as object)).toContain('/api/v1/namespaces/{namespace}/configmaps/{name}');
  });

  it('takes the hash from a separate query as the lead passes it', () => {
    const url = dig(json(root.body), ['paths', 'api/v1', 'serverRelativeURL']) as string;
    const [path, query] = url.split('?');
    expect(openapi.serve(path!, 'application/json', undefined, new URLSearchParams(query))!.headers['Cache-Control']).toBe('public, immutable');
  });

  it('redirects a stale hash to the current one', () => {
    const r = openapi.serve('/openapi/v3/api/v1?hash=0123', 'application/json', undefined)!;
    expect(r.status).toBe(301);
    expect(r.headers.Location).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('answers 304 to a matching If-None-Match', () => {
    expect(openapi.serve('/openapi/v3', undefined, root.headers.ETag)!.status).toBe(304);
    const doc = openapi.serve('/openapi/v3/apis/apps/v1', undefined, undefined)!;
    expect(doc.status).toBe(200);
    expect(doc.headers).not.toHaveProperty('Cache-Control');
    expect(openapi.serve('/openapi/v3/apis/apps/v1', undefined, doc.headers.ETag)!.status).toBe(304);
  });

  it('answers unknown group-versions with NotFound and protobuf-only requests with NotAcceptable', () => {
    const missing = openapi.serve('/openapi/v3/apis/nope/v1', 'application/json', undefined)!;
    expect(missing.status).toBe(404);
    expect(json(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    const proto = openapi.serve('/openapi/v3/api/v1', 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf', undefined)!;
    expect(proto.status).toBe(406);
    expect(json(proto.body)).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
  });
});

describe('/openapi/v2', () => {
  it('serves JSON by default and to JSON clients', () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const r = openapi.serve('/openapi/v2', accept, undefined)!;
      expect(r.headers['Content-Type']).toBe('application/json');
      expect(dig(json(r.body), 'swagger')).toBe('2.0');
    }
  });

  it("serves protobuf to kubectl's Accept header, under the same ETag", () => {
    const r = openapi.serve('/openapi/v2?timeout=32s', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf', undefined)!;
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(r.body.subarray(0, 5)).toEqual(Buffer.from([0x0a, 0x03, 0x32, 0x2e, 0x30])); // field 1: "2.0"
    expect(r.headers.ETag).toBe(openapi.serve('/openapi/v2', 'application/json', undefined)!.headers.ETag);
    expect(r.headers.Vary).toBe('Accept');
  });

  it('refuses media types it cannot produce', () => {
    expect(openapi.serve('/openapi/v2', 'application/yaml', undefined)!.status).toBe(406);
  });
});

describe('buildOpenApi', () => {
  it('returns null for paths it does not own', () => {
    for (const path of ['/api', '/apis/apps/v1', '/openapi', '/openapi/v4', '/version']) {
      expect(openapi.serve(path, undefined, undefined)).toBeNull();
    }
  });

  it('advertises strategic merge patch as the option says', () => {
    const none = buildOpenApi(sampleDefinitions, { strategicMergePatch: () => false });
    const doc = none.documents.get('v3/api/v1');
    expect(Object.keys(dig(doc, ['paths', '/api/v1/namespaces/{namespace}/configmaps/{name}', 'patch', 'requestBody', 'content']) as object)).not.toContain(
      'application/strategic-merge-patch+json',
    );
    const byDefault = openapi.documents.get('v3/apis/example.com/v1');
    expect(Object.keys(dig(byDefault, ['paths', '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}', 'patch', 'requestBody', 'content']) as object)).not.toContain(
      'application/strategic-merge-patch+json',
    );
  });

  it('uses the given info in every document', () => {
    const o = buildOpenApi(sampleDefinitions, { info: { version: 'v1.32.0' } });
    expect(dig(o.documents.get('v2'), 'info')).toEqual({ title: 'Kubernetes', version: 'v1.32.0' });
    expect(dig(o.documents.get('v3/api/v1'), 'info')).toEqual({ title: 'Kubernetes', version: 'v1.32.0' });
  });
});
