import { makeApiRequest, unionAuthenticators, type ApiRequest } from '@apiserver-kit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestHeaderAuthenticator, requestHeaderNames, stripHeaders } from './request-header.js';
import { requestWithClientCert } from './testing/index.js';
import { createCA, createClientCert, expiredClientCert, type CertBundle } from './testdata/certs.js';
import { x509Authenticator } from './x509.js';

let proxyCA: CertBundle;
let clientCA: CertBundle;
let proxyCert: CertBundle;

beforeAll(() => {
  proxyCA = createCA({ commonName: 'front-proxy-ca' });
  clientCA = createCA({ commonName: 'client-ca' });
  proxyCert = createClientCert(proxyCA, { user: 'front-proxy-client', groups: [] });
});

const identity = {
  'x-remote-user': 'alice',
  'x-remote-group': ['system:masters', '', 'dev'],
  'x-remote-extra-scopes': ['read', 'write'],
  'x-remote-extra-acme.com%2fproject': 'apollo',
};

function viaProxy(cert: CertBundle | undefined, headers: ApiRequest['headers']): ApiRequest {
  return cert ? requestWithClientCert(cert.certPem, { headers }) : makeApiRequest({ headers, tls: true });
}

describe('requestHeaderAuthenticator', () => {
  it('takes the user, groups and extras from the headers of a verified proxy', async () => {
    const authn = requestHeaderAuthenticator({ clientCA: proxyCA.certPem, allowedNames: ['front-proxy-client'] });
    const result = await authn.authenticate(viaProxy(proxyCert, identity));
    expect(result).toEqual({
      user: {
        name: 'alice',
        groups: ['system:masters', 'dev'],
        extra: { scopes: ['read', 'write'], 'acme.com/project': ['apollo'] },
      },
    });
  });

  it('removes the identity headers from the request after authenticating', async () => {
    const req = viaProxy(proxyCert, { ...identity, accept: 'application/json' });
    await requestHeaderAuthenticator({ clientCA: proxyCA.certPem }).authenticate(req);
    expect(req.headers).toEqual({ accept: 'application/json' });
  });

  it('ignores forged identity headers on a request without a client certificate', async () => {
    const req = viaProxy(undefined, identity);
    expect(await requestHeaderAuthenticator({ clientCA: proxyCA.certPem }).authenticate(req)).toBeNull();
    expect(req.headers['x-remote-user']).toBe('alice'); // untouched: not ours to judge
  });

  it('ignores forged headers sent with a certificate from another CA, letting x509 decide the user', async () => {
    const bob = createClientCert(clientCA, { user: 'bob', groups: ['dev'] });
    const req = viaProxy(bob, { 'x-remote-user': 'admin', 'x-remote-group': 'system:masters' });
    const proxy = requestHeaderAuthenticator({ clientCA: proxyCA.certPem });
    expect(await proxy.authenticate(req)).toBeNull();
    const union = unionAuthenticators(proxy, x509Authenticator({ ca: clientCA.certPem }));
    expect((await union.authenticate(req))?.user).toMatchObject({ name: 'bob', groups: ['dev'] });
  });

  it('ignores the headers when the proxy CN is not an allowed name', async () => {
    const other = createClientCert(proxyCA, { user: 'some-other-service', groups: [] });
    const authn = requestHeaderAuthenticator({ clientCA: proxyCA.certPem, allowedNames: ['front-proxy-client'] });
    expect(await authn.authenticate(viaProxy(other, identity))).toBeNull();
  });

  it('ignores the headers when the proxy certificate has expired', async () => {
    const authn = requestHeaderAuthenticator({ clientCA: proxyCA.certPem });
    expect(await authn.authenticate(viaProxy(expiredClientCert(proxyCA, 'front-proxy-client'), identity))).toBeNull();
  });

  it('has no opinion when a verified proxy sends no user name', async () => {
    const authn = requestHeaderAuthenticator({ clientCA: proxyCA.certPem });
    expect(await authn.authenticate(viaProxy(proxyCert, { 'x-remote-group': 'system:masters', 'x-remote-user': '' }))).toBeNull();
  });

  it('takes the first username and uid header with a non-empty value, in the configured order', async () => {
    const authn = requestHeaderAuthenticator({
      clientCA: proxyCA.certPem,
      usernameHeaders: ['X-Remote-User', ' X-Forwarded-User '],
      uidHeaders: ['X-Remote-Uid'],
    });
    const result = await authn.authenticate(
      viaProxy(proxyCert, { 'x-remote-user': '', 'x-forwarded-user': ['carol', 'mallory'], 'x-remote-uid': 'u-1' }),
    );
    expect(result?.user).toEqual({ name: 'carol', uid: 'u-1', groups: [] });
  });

  it('keeps a malformed extra key as sent and survives hostile keys like __proto__', async () => {
    const authn = requestHeaderAuthenticator({ clientCA: proxyCA.certPem });
    const result = await authn.authenticate(
      viaProxy(proxyCert, {
        'x-remote-user': 'alice',
        'x-remote-extra-bad%zz': 'v',
        'x-remote-extra-__proto__': 'p',
        'x-remote-extra-constructor': 'c',
      }),
    );
    const extra = result!.user.extra!;
    expect(extra['bad%zz']).toEqual(['v']);
    expect(Object.getOwnPropertyDescriptor(extra, '__proto__')?.value).toEqual(['p']);
    expect(Object.getOwnPropertyDescriptor(extra, 'constructor')?.value).toEqual(['c']);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('refuses an empty header name in its options', () => {
    expect(() => requestHeaderAuthenticator({ clientCA: proxyCA.certPem, groupHeaders: [' '] })).toThrow('empty header');
  });
});

describe('requestHeaderNames and stripHeaders', () => {
  it('lists the default header names and extra prefixes, lower-cased', () => {
    expect(requestHeaderNames()).toEqual({ headers: ['x-remote-user', 'x-remote-group'], prefixes: ['x-remote-extra-'] });
    expect(requestHeaderNames({ uidHeaders: ['X-Remote-Uid'] }).headers).toContain('x-remote-uid');
  });

  it('strips identity headers from a node request, parsed and raw forms', () => {
    const req = {
      headers: { 'x-remote-user': 'admin', 'x-remote-extra-scopes': 'x', host: 'h' } as Record<string, unknown>,
      rawHeaders: ['Host', 'h', 'X-Remote-User', 'admin', 'X-REMOTE-EXTRA-Scopes', 'x', 'X-Remote-Group', 'g'],
    };
    stripHeaders(req, requestHeaderNames());
    expect(req.headers).toEqual({ host: 'h' });
    expect(req.rawHeaders).toEqual(['Host', 'h']);
  });
});
