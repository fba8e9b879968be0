/**
 * One suite, every way of mounting the handler: node:http, node:https and Express 5 (at the
 * root, beside an ordinary route). The API must behave the same on each.
 */
import { type ApiRequest, authenticatorFn } from '@apiserver-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, adapters, closeAll, cmPath, configMap, expressApp, meta, startServer } from './helpers.js';

describe.each(adapters)('mounted on $name', (adapter) => {
  let s: TestServer;
  const seen: ApiRequest[] = [];
  beforeAll(async () => {
    const authenticator = authenticatorFn(async (req) => {
      seen.push(req);
      return { user: { name: 'tester', groups: ['system:authenticated'] } };
    });
    s = await startServer({ adapter, authenticator });
  });
  afterAll(closeAll);

  it('creates, reads and deletes a configmap', async () => {
    const created = await s.request('POST', cmPath(), { body: configMap('mounted', { a: '1' }) });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json');
    const got = await s.request('GET', cmPath('default', 'mounted'));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'mounted', uid: meta(created.body).uid }, data: { a: '1' } });
    const deleted = await s.request('DELETE', cmPath('default', 'mounted'));
    expect(deleted.status).toBe(200);
    expect((await s.request('GET', cmPath('default', 'mounted'))).status).toBe(404);
  });

  it('answers errors as a Status with the status code', async () => {
    const r = await s.request('GET', cmPath('default', 'missing'));
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  it('streams watch events as they happen', async () => {
    const w = await s.watch(`${cmPath()}?watch=1&fieldSelector=metadata.name%3Dstreamed`);
    expect(w.status).toBe(200);
    expect(w.headers['transfer-encoding']).toBe('chunked');
    await s.request('POST', cmPath(), { body: configMap('streamed') });
    await s.request('DELETE', cmPath('default', 'streamed'));
    const [added, deleted] = await w.take(2);
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'streamed' } } });
    expect(deleted).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'streamed' } } });
    w.close();
  });

  it('serves discovery and health beside resources', async () => {
    expect((await s.request('GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const health = await s.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.text).toBe('ok');
  });

  it('hands the authenticator a request that knows whether the connection is TLS', async () => {
    seen.length = 0;
    await s.request('GET', '/version');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.tls).toBe(adapter.name === 'node:https');
    expect(seen[0]!.remoteAddress).toMatch(/127\.0\.0\.1$/);
  });

  if (adapter === expressApp) {
    it('leaves non-API paths to the framework', async () => {
      const hello = await s.request('GET', '/hello');
      expect(hello.status).toBe(200);
      expect(hello.body).toEqual({ hello: 'world' });
      const unknown = await s.request('GET', '/not-an-api-path');
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    });
  } else {
    it('answers any other path itself with a 404 Status', async () => {
      const r = await s.request('GET', '/not-an-api-path');
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'the server could not find the requested resource' });
    });
  }
});
