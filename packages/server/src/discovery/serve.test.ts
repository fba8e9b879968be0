import { describe, expect, it } from 'vitest';
import { buildDiscovery } from './serve.js';
import { sampleDefinitions } from './testdata/definitions.js';

const v2Accept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const discovery = buildDiscovery(sampleDefinitions, { serverAddress: '127.0.0.1:6443' });
const json = (b: Buffer): unknown => JSON.parse(b.toString('utf8'));

describe('buildDiscovery().serve', () => {
  it('serves legacy /api as APIVersions with the server address', () => {
    const r = discovery.serve('/api', 'application/json, */*', undefined)!;
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.headers.Vary).toBe('Accept');
    expect(json(r.body)).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });

  it('serves aggregated /apis with the apidiscovery content type and a quoted SHA-512 ETag', () => {
    const r = discovery.serve('/apis', v2Accept, undefined)!;
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(r.headers.ETag).toMatch(/^"[0-9A-F]{128}"$/);
    expect(json(r.body)).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
  });

  it('answers 304 with no body when If-None-Match carries the current ETag', () => {
    const first = discovery.serve('/api', v2Accept, undefined)!;
    const again = discovery.serve('/api', v2Accept, first.headers.ETag)!;
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.ETag).toBe(first.headers.ETag);
    expect(discovery.serve('/api', v2Accept, '"stale"')!.status).toBe(200);
  });

  it('gives the legacy and aggregated documents different ETags', () => {
    expect(discovery.serve('/apis', v2Accept, undefined)!.headers.ETag).not.toBe(discovery.serve('/apis', undefined, undefined)!.headers.ETag);
  });

  it('serves group and group-version documents, ignoring a trailing slash and query', () => {
    expect(json(discovery.serve('/apis/apps/', undefined, undefined)!.body)).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    expect(json(discovery.serve('/apis/example.com/v1beta1?timeout=32s', undefined, undefined)!.body)).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'example.com/v1beta1',
    });
    expect(json(discovery.serve('/api/v1', undefined, undefined)!.body)).toMatchObject({ groupVersion: 'v1' });
  });

  it('answers unknown groups and versions with a NotFound Status', () => {
    for (const path of ['/apis/nope.example.com', '/apis/apps/v2', '/api/v2', '/apis/nope/v1']) {
      const r = discovery.serve(path, undefined, undefined)!;
      expect(r.status).toBe(404);
      expect(r.body.toString()).toBe(
        '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}',
      );
    }
  });

  it('returns null for paths it does not own', () => {
    for (const path of ['/api/v1/namespaces', '/apis/apps/v1/deployments', '/version', '/openapi/v2', '/', '/apiss']) {
      expect(discovery.serve(path, undefined, undefined)).toBeNull();
    }
  });

  it('exposes the decoded documents by path', () => {
    expect([...discovery.documents.keys()]).toEqual(
      expect.arrayContaining(['/api', '/apis', '/api#v2', '/apis#v2beta1', '/api/v1', '/apis/apps', '/apis/apps/v1', '/apis/example.com/v1beta1']),
    );
  });
});
