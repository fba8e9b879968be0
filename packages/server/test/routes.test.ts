/**
 * Non-resource routes over HTTP (smoke): /version, discovery (legacy and aggregated, ETag /
 * 304), OpenAPI v2 and v3, and the health endpoints with their single checks, exclusions and
 * verbose output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, startServer } from './helpers.js';

const kubectlDiscoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({
    version: { gitVersion: 'v1.32.0-test' },
    healthChecks: [
      {
        name: 'broken',
        check: () => {
          throw new Error('secret detail');
        },
      },
    ],
  });
});
afterAll(closeAll);

describe('version', () => {
  it('answers version.Info as JSON', async () => {
    const r = await s.request('GET', '/version');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0-test', platform: expect.any(String) });
  });
});

describe('discovery', () => {
  it('answers the legacy documents as JSON', async () => {
    const api = await s.request('GET', '/api');
    expect(api.status).toBe(200);
    expect(api.headers['content-type']).toBe('application/json');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const v1 = await s.request('GET', '/api/v1');
    expect(v1.body).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const names = (v1.body.resources as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['configmaps', 'namespaces', 'namespaces/status']));
    const apis = await s.request('GET', '/apis');
    expect(apis.body).toMatchObject({ kind: 'APIGroupList' });
    expect((await s.request('GET', '/apis/coordination.k8s.io/v1')).body).toMatchObject({ kind: 'APIResourceList' });
  });

  it("answers kubectl's Accept with the aggregated v2 document and its content type", async () => {
    const r = await s.request('GET', '/api', { headers: { Accept: kubectlDiscoveryAccept } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(r.headers.vary).toBe('Accept');
    expect(r.body).toMatchObject({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const apis = await s.request('GET', '/apis', { headers: { Accept: kubectlDiscoveryAccept } });
    expect(apis.body).toMatchObject({ kind: 'APIGroupDiscoveryList' });
  });

  it('answers 304 for a matching If-None-Match', async () => {
    const first = await s.request('GET', '/apis', { headers: { Accept: kubectlDiscoveryAccept } });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[0-9A-F]+"$/);
    const again = await s.request('GET', '/apis', { headers: { Accept: kubectlDiscoveryAccept, 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('answers 404 for a group that is not served', async () => {
    const r = await s.request('GET', '/apis/nope.example.com/v1');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });
});

describe('openapi', () => {
  it('serves /openapi/v2 as JSON with an ETag', async () => {
    const r = await s.request('GET', '/openapi/v2', { headers: { Accept: 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toMatchObject({ swagger: '2.0' });
    expect(r.headers.etag).toBeTruthy();
    const again = await s.request('GET', '/openapi/v2', { headers: { Accept: 'application/json', 'If-None-Match': r.headers.etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the /openapi/v3 index and the group-version document it points to', async () => {
    const index = await s.request('GET', '/openapi/v3');
    expect(index.status).toBe(200);
    const paths = index.body.paths as Record<string, { serverRelativeURL: string }>;
    const url = paths['api/v1']?.serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=/);
    const doc = await s.request('GET', url!);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toBe('application/json');
    expect(doc.body).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    expect(Object.keys(doc.body.paths as object)).toContain('/api/v1/namespaces/{namespace}/configmaps');
  });
});

describe('health', () => {
  it('answers /livez and /readyz ok (plain "ok") when the remaining checks pass', async () => {
    for (const path of ['/livez?exclude=broken', '/readyz?exclude=broken']) {
      const r = await s.request('GET', path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe('text/plain; charset=utf-8');
      expect(r.text, path).toBe('ok');
    }
  });

  it('answers one check at /healthz/<name>', async () => {
    const etcd = await s.request('GET', '/healthz/etcd');
    expect(etcd.status).toBe(200);
    expect(etcd.text).toBe('ok');
    expect((await s.request('GET', '/healthz/nope')).status).toBe(404);
  });

  it('lists every check with ?verbose and marks the excluded ones', async () => {
    const r = await s.request('GET', '/readyz?exclude=etcd&exclude=broken&verbose');
    expect(r.status).toBe(200);
    const lines = r.text.trimEnd().split('\n');
    expect(lines).toContain('[+]ping ok');
    expect(lines).toContain('[+]etcd excluded: ok');
    expect(lines).toContain('[+]broken excluded: ok');
    expect(lines.at(-1)).toBe('readyz check passed');
  });

  it('fails with 500 when a check fails, withholding the reason', async () => {
    const r = await s.request('GET', '/healthz?verbose');
    expect(r.status).toBe(500);
    expect(r.text).toContain('[-]broken failed: reason withheld\n');
    expect(r.text).not.toContain('secret detail');
    expect(r.text.endsWith('healthz check failed\n')).toBe(true);
  });
});
