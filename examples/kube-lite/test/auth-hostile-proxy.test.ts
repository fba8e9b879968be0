/**
 * The front-proxy headers (`--requestheader-*`) under attack: X-Remote-User and friends count
 * only on a request whose client certificate is a proxy certificate (signed by the
 * requestheader CA, CN in --requestheader-allowed-names). Forged headers are ignored: the
 * request is whatever else it is (anonymous, the certificate's own user, or a 401) and
 * nothing changes.
 */
import { join } from 'node:path';
import { createCA, createClientCert, loadOrCreatePki } from '@apiserver-kit/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, type ClientCert, anonymousNamespacesForbidden, expectUnauthorized, startAuthCluster, whoami } from './auth-cluster.js';
import { unchanged, writeWith } from './auth-hostile.js';

const forged = { 'X-Remote-User': 'kubernetes-admin', 'X-Remote-Group': 'system:masters' };

let c: AuthCluster;
/** Signed by the requestheader CA, CN front-proxy. */
let proxy: ClientCert;
/** Signed by the requestheader CA, CN not allowed. */
let otherName: ClientCert;
/** CN front-proxy, signed by an unrelated CA. */
let foreign: ClientCert;
/** CN front-proxy, signed by the cluster's client CA: a user, not a proxy. */
let clusterSigned: ClientCert;

beforeAll(async () => {
  const proxyCA = createCA({ commonName: 'front-proxy-ca' });
  proxy = createClientCert(proxyCA, { user: 'front-proxy', groups: [] });
  otherName = createClientCert(proxyCA, { user: 'other-proxy', groups: [] });
  foreign = createClientCert(createCA({ commonName: 'evil-ca' }), { user: 'front-proxy', groups: [] });
  c = await startAuthCluster(
    (dir) => [`--requestheader-client-ca-file=${dir}/front-proxy-ca.crt`, '--requestheader-allowed-names=front-proxy'],
    { files: { 'front-proxy-ca.crt': proxyCA.certPem } },
  );
  // Reads the existing cluster CA back (the server wrote it; nothing is reissued).
  const pki = await loadOrCreatePki(join(c.dataDir, 'pki'), { hosts: ['localhost'] });
  expect(pki.generated).toEqual([]);
  clusterSigned = createClientCert(pki.ca, { user: 'front-proxy', groups: [] });
  const keep = await c.request('POST', '/api/v1/namespaces/default/configmaps', {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } },
  });
  expect(keep.status, keep.body).toBe(201);
});
afterAll(async () => {
  await c?.stop();
});

describe('front-proxy headers', () => {
  it('are ignored without a client certificate: the request is anonymous', async () => {
    const list = await c.request('GET', '/api/v1/namespaces', { cert: null, headers: { 'X-Remote-User': 'admin' } });
    expect(list.status, list.body).toBe(403);
    expect(list.json().message).toBe(anonymousNamespacesForbidden);
    await unchanged(c, async () => {
      const r = await writeWith(c, { headers: forged });
      expect(r.status, r.body).toBe(403);
      expect(r.json().message).toMatch(/^configmaps is forbidden: User "system:anonymous" cannot create/);
    });
  });

  it('are ignored next to the admin certificate, which stays kubernetes-admin', async () => {
    const { response, userInfo } = await whoami(c, { headers: { 'X-Remote-User': 'bob', 'X-Remote-Group': 'g1', 'X-Remote-Extra-Scopes': 'all' } });
    expect(response.status, response.body).toBe(201);
    expect(userInfo).toEqual({
      username: 'kubernetes-admin',
      groups: ['system:masters', 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': [expect.stringMatching(/^X509SHA256=[0-9a-f]{64}$/)] },
    });
  });

  it('are ignored next to a client certificate of the cluster CA named like the proxy', async () => {
    const { response, userInfo } = await whoami(c, { cert: clusterSigned, headers: forged });
    expect(response.status, response.body).toBe(201);
    expect(userInfo).toMatchObject({ username: 'front-proxy', groups: ['system:authenticated'] });
  });

  it('are ignored next to a certificate from another CA, which is itself a 401', async () => {
    await unchanged(c, async () => {
      expectUnauthorized(await writeWith(c, { cert: foreign, headers: forged }), 'foreign CA');
    });
  });

  it('are ignored next to a proxy certificate whose CN is not an allowed name', async () => {
    await unchanged(c, async () => {
      expectUnauthorized(await writeWith(c, { cert: otherName, headers: forged }), 'CN other-proxy');
    });
  });

  it('authenticate no one when a proper proxy certificate sends no user header', async () => {
    await unchanged(c, async () => {
      expectUnauthorized(await writeWith(c, { cert: proxy, headers: { 'X-Remote-Group': 'system:masters' } }), 'no X-Remote-User');
    });
  });

  it('name the user when a proper proxy certificate sends them', async () => {
    const { response, userInfo } = await whoami(c, {
      cert: proxy,
      headers: { 'X-Remote-User': 'bob', 'X-Remote-Group': 'g1', 'X-Remote-Extra-Scopes': 'read' },
    });
    expect(response.status, response.body).toBe(201);
    expect(userInfo).toEqual({ username: 'bob', groups: ['g1', 'system:authenticated'], extra: { scopes: ['read'] } });
  });
});
