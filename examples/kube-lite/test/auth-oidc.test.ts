/**
 * OpenID Connect login against kube-lite: the test serves its own issuer over HTTPS (discovery
 * and JWKS, from authn's test fake), starts kube-lite with kube-apiserver's `--oidc-*` flags,
 * and hands the real kubectl an ID token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeIssuer, newSigningKey, startFakeIssuer } from '../../../packages/authn/src/oidc/testdata/fake-issuer.js';
import { type AuthCluster, expectUnauthorized, startAuthCluster } from './auth-cluster.js';

let issuer: FakeIssuer;
let c: AuthCluster;

const claims = { aud: 'kube', sub: 'u-123', email: 'jane@example.com', email_verified: true, groups: ['devs', 'ops'] };

beforeAll(async () => {
  issuer = await startFakeIssuer();
  c = await startAuthCluster(
    (dir) => [
      `--oidc-issuer-url=${issuer.url}`,
      '--oidc-client-id=kube',
      `--oidc-ca-file=${dir}/oidc-ca.crt`,
      '--oidc-username-claim=email',
      '--oidc-groups-claim=groups',
      '--oidc-groups-prefix=oidc:',
    ],
    { files: { 'oidc-ca.crt': issuer.caPem } },
  );
});
afterAll(async () => {
  await c?.stop();
  await issuer?.close();
});

describe('OIDC login', () => {
  it('maps the email and groups claims of an ID token to the user kubectl auth whoami shows', async () => {
    const r = await c.kubectl(['auth', 'whoami'], { token: await issuer.sign(claims) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'ATTRIBUTE   VALUE\n' + 'Username    jane@example.com\n' + 'Groups      [oidc:devs oidc:ops system:authenticated]\n',
    );
  });

  it('lets the OIDC user list namespaces with kubectl once RBAC grants its group view', async () => {
    const token = await issuer.sign(claims);
    const before = await c.kubectl(['get', 'ns', '-o', 'name'], { token });
    expect(before.stderr.trim()).toBe(
      'Error from server (Forbidden): namespaces is forbidden: User "jane@example.com" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
    const grant = await c.kubectl(['create', 'clusterrolebinding', 'oidc-devs-view', '--clusterrole=view', '--group=oidc:devs']);
    expect(grant.code, grant.stderr).toBe(0);
    const r = await c.kubectl(['get', 'ns', '-o', 'name'], { token });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
  });

  it('rejects ID tokens that are for another client, expired, unverified, or signed by an unpublished key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const rogue = await newSigningKey(issuer.signing.kid);
    const bad = {
      'another client': await issuer.sign({ ...claims, aud: 'other-client' }),
      expired: await issuer.sign(claims, { nowSeconds: now - 7200 }),
      'email not verified': await issuer.sign({ ...claims, email_verified: false }),
      'unpublished key with a published kid': await issuer.sign(claims, { key: rogue }),
    };
    for (const [what, token] of Object.entries(bad)) {
      const r = await c.request('GET', '/api/v1/namespaces', { cert: null, headers: { Authorization: `Bearer ${token}` } });
      expectUnauthorized(r, what);
    }
  });
});
