/**
 * Requests without credentials: with `--anonymous-auth` (the default) they are
 * system:anonymous, who may read only health and version endpoints; with
 * `--anonymous-auth=false` every one of them is kube-apiserver's 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, anonymousNamespacesForbidden, expectUnauthorized, startAuthCluster } from './auth-cluster.js';

describe('anonymous requests (--anonymous-auth=true)', () => {
  let c: AuthCluster;
  beforeAll(async () => {
    c = await startAuthCluster([]);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('may read /version and the health endpoints', async () => {
    const version = await c.request('GET', '/version', { cert: null });
    expect(version.status, version.body).toBe(200);
    expect(version.json()).toMatchObject({ gitVersion: expect.stringMatching(/^v1\.\d+\.\d+/) });
    for (const path of ['/readyz', '/livez', '/healthz']) {
      const r = await c.request('GET', path, { cert: null });
      expect(r.status, `${path}: ${r.body}`).toBe(200);
      expect(r.body, path).toBe('ok');
    }
  });

  it('is forbidden to list namespaces, with kube-apiserver\'s message', async () => {
    const r = await c.request('GET', '/api/v1/namespaces', { cert: null });
    expect(r.status, r.body).toBe(403);
    expect(r.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: anonymousNamespacesForbidden,
      reason: 'Forbidden',
      details: { kind: 'namespaces' },
      code: 403,
    });
  });

  it('is forbidden to write anything', async () => {
    const r = await c.request('POST', '/api/v1/namespaces/default/configmaps', {
      cert: null,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'anon' } },
    });
    expect(r.status, r.body).toBe(403);
    expect(r.json().message).toBe(
      'configmaps is forbidden: User "system:anonymous" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    const list = await c.request('GET', '/api/v1/namespaces/default/configmaps');
    expect((list.json().items as unknown[]).length).toBe(0);
  });

  it('may not impersonate the admin', async () => {
    const r = await c.request('GET', '/api/v1/namespaces', {
      cert: null,
      headers: { 'Impersonate-User': 'kubernetes-admin', 'Impersonate-Group': 'system:masters' },
    });
    expect(r.status, r.body).toBe(403);
    expect(r.json().message).toBe(
      'users "kubernetes-admin" is forbidden: User "system:anonymous" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });
});

describe('requests without credentials (--anonymous-auth=false)', () => {
  let c: AuthCluster;
  beforeAll(async () => {
    c = await startAuthCluster(['--anonymous-auth=false']);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('get kube-apiserver\'s 401 Status on every path, health and version included', async () => {
    for (const path of ['/api/v1/namespaces', '/version', '/readyz', '/apis']) {
      const r = await c.request('GET', path, { cert: null });
      expect(r.headers['content-type'], path).toBe('application/json');
      expectUnauthorized(r, path);
    }
  });

  it('still serve the admin client certificate', async () => {
    const r = await c.request('GET', '/api/v1/namespaces');
    expect(r.status, r.body).toBe(200);
  });
});
