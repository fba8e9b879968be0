import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fromIncomingMessage, isStatusError, makeApiRequest, type AuthenticationResult } from '@apiserver-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peerCertificatesFromPem, requestWithClientCert } from './testing/index.js';
import {
  createCA,
  createClientCert,
  createServingCert,
  expiredClientCert,
  intermediateCA,
  noCommonNameClientCert,
  noEkuClientCert,
  reissue,
  sha1ClientCert,
  unknownCriticalExtensionCert,
  type CertBundle,
} from './testdata/certs.js';
import { CertificateVerifyError, credentialIdKey, x509Authenticator } from './x509.js';

let ca: CertBundle;
let otherCa: CertBundle;
let alice: CertBundle;

beforeAll(() => {
  ca = createCA({ commonName: 'client-ca' });
  // Same subject as the real CA: only the signature tells them apart.
  otherCa = createCA({ commonName: 'client-ca' });
  alice = createClientCert(ca, { user: 'alice', groups: ['system:masters', 'dev'] });
});

async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string; cause: CertificateVerifyError }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStatusError(err)) throw new Error(`expected a StatusError, got ${String(err)}`);
  expect(err.cause).toBeInstanceOf(CertificateVerifyError);
  return { code: err.status.code, message: err.status.message ?? '', cause: err.cause as CertificateVerifyError };
}

describe('x509Authenticator', () => {
  it('maps CN to the user, each O to a group, and records the leaf SHA-256 as the credential id', async () => {
    const result = await x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(alice.certPem));
    const der = peerCertificatesFromPem(alice.certPem)[0]!.raw;
    expect(result).toEqual({
      user: {
        name: 'alice',
        groups: ['system:masters', 'dev'],
        extra: { [credentialIdKey]: [`X509SHA256=${createHash('sha256').update(der).digest('hex')}`] },
      },
    });
  });

  it('has no opinion on a request without a client certificate', async () => {
    expect(await x509Authenticator({ ca: ca.certPem }).authenticate(makeApiRequest({ tls: true }))).toBeNull();
  });

  it('has no opinion when the CA bundle is empty', async () => {
    expect(await x509Authenticator({ ca: '' }).authenticate(requestWithClientCert(alice.certPem))).toBeNull();
  });

  it('answers 401 Unauthorized, without details, for a certificate from another CA with the same name', async () => {
    const mallory = createClientCert(otherCa, { user: 'admin', groups: ['system:masters'] });
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(mallory.certPem)));
    expect(r.code).toBe(401);
    expect(r.message).toBe('Unauthorized');
    expect(r.cause.code).toBe('UnknownAuthority');
    expect(r.cause.message).toMatch(/^verifying certificate SN=\d+, SKID=.*, AKID=[0-9A-F:]+ failed: x509: certificate signed by unknown authority/);
  });

  it('rejects an expired certificate', async () => {
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(expiredClientCert(ca).certPem)));
    expect(r.code).toBe(401);
    expect(r.cause.code).toBe('Expired');
    expect(r.cause.message).toContain('certificate has expired or is not yet valid');
  });

  it('rejects a certificate that is not yet valid (per the injected clock)', async () => {
    const authn = x509Authenticator({ ca: ca.certPem, now: () => Date.now() - 3_600_000 });
    const r = await rejection(authn.authenticate(requestWithClientCert(alice.certPem)));
    expect(r.cause.code).toBe('Expired');
    expect(r.cause.message).toContain('is before');
  });

  it('rejects a serving certificate (serverAuth only) presented as a client certificate', async () => {
    const serving = createServingCert(ca, { commonName: 'admin', dnsNames: ['localhost'], ipAddresses: [] });
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(serving.certPem)));
    expect(r.cause.code).toBe('IncompatibleUsage');
  });

  it('accepts a leaf without extended key usage, as Go treats it as any usage', async () => {
    const result = await x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(noEkuClientCert(ca).certPem));
    expect(result?.user.name).toBe('no-eku');
  });

  it('has no opinion on a valid certificate with an empty CN', async () => {
    expect(await x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(noCommonNameClientCert(ca).certPem))).toBeNull();
  });

  it('reads the identity from the DER, never from the subject fields the request object carries', async () => {
    const [peer] = peerCertificatesFromPem(alice.certPem);
    const forged = makeApiRequest({ peerCertificates: [{ ...peer!, subject: { CN: 'admin', O: 'system:masters' } }] });
    const result = await x509Authenticator({ ca: ca.certPem }).authenticate(forged);
    expect(result?.user.name).toBe('alice');
  });

  it('rejects garbage bytes in place of a certificate', async () => {
    const req = makeApiRequest({ peerCertificates: [{ raw: new Uint8Array(64).fill(0x30), subject: {}, issuer: {} }] });
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(req));
    expect(r.cause.code).toBe('Malformed');
  });

  it('rejects a certificate with an unknown critical extension', async () => {
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(unknownCriticalExtensionCert(ca).certPem)));
    expect(r.cause.code).toBe('UnhandledCriticalExtension');
  });

  it('rejects a SHA-1 signed certificate', async () => {
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(sha1ClientCert(ca).certPem)));
    expect(r.cause.code).toBe('UnknownAuthority');
    expect(r.cause.message).toContain('insecure algorithm');
  });

  it('refuses a CA bundle without certificates at construction', () => {
    expect(() => x509Authenticator({ ca: 'not a pem' })).toThrow(/does not contain any PEM CERTIFICATE/);
  });
});

describe('x509Authenticator chains', () => {
  let intermediate: CertBundle;
  let leaf: CertBundle;
  beforeAll(() => {
    intermediate = intermediateCA(ca);
    leaf = createClientCert(intermediate, { user: 'bob', groups: ['ops'] });
  });

  it('verifies a leaf through an intermediate the client presents', async () => {
    const result = await x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert([leaf.certPem, intermediate.certPem]));
    expect(result?.user).toMatchObject({ name: 'bob', groups: ['ops'] });
  });

  it('rejects the leaf when the client leaves the intermediate out', async () => {
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert(leaf.certPem)));
    expect(r.cause.code).toBe('UnknownAuthority');
  });

  it('trusts an intermediate that is itself in the CA bundle', async () => {
    const result = await x509Authenticator({ ca: intermediate.certPem }).authenticate(requestWithClientCert(leaf.certPem));
    expect(result?.user.name).toBe('bob');
  });

  it('rejects a chain whose "intermediate" is a client certificate, not a CA', async () => {
    const notCa = createClientCert(ca, { user: 'intermediate-ca', groups: [] });
    const forged = reissue(createClientCert(ca, { user: 'admin', groups: ['system:masters'] }), notCa, {});
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert([forged.certPem, notCa.certPem])));
    expect(r.cause.code).toBe('UnknownAuthority');
    expect(r.cause.message).toContain('cannot sign');
  });

  it('rejects a client chain through an intermediate restricted to serverAuth', async () => {
    const serverOnly = reissue(createCA({ commonName: 'server-only-ca' }), ca, {
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', critical: true, keyCertSign: true, digitalSignature: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectKeyIdentifier' },
      ],
    });
    const client = createClientCert(serverOnly, { user: 'carol', groups: [] });
    const r = await rejection(x509Authenticator({ ca: ca.certPem }).authenticate(requestWithClientCert([client.certPem, serverOnly.certPem])));
    expect(r.cause.code).toBe('IncompatibleUsage');
  });
});

describe('x509Authenticator CA rotation', () => {
  it('setCA replaces the bundle for the next request', async () => {
    const stranger = createClientCert(otherCa, { user: 'stranger', groups: [] });
    const authn = x509Authenticator({ ca: ca.certPem });
    await expect(authn.authenticate(requestWithClientCert(stranger.certPem))).rejects.toThrow('Unauthorized');
    authn.setCA([ca.certPem, otherCa.certPem]);
    expect((await authn.authenticate(requestWithClientCert(stranger.certPem)))?.user.name).toBe('stranger');
  });

  it('setCA with an invalid bundle throws and keeps the previous one', async () => {
    const authn = x509Authenticator({ ca: ca.certPem });
    expect(() => authn.setCA('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----')).toThrow();
    expect((await authn.authenticate(requestWithClientCert(alice.certPem)))?.user.name).toBe('alice');
  });

  it('reads a function source per request and keeps the last good bundle when it turns bad', async () => {
    let current = ca.certPem;
    const authn = x509Authenticator({ ca: () => current });
    expect((await authn.authenticate(requestWithClientCert(alice.certPem)))?.user.name).toBe('alice');
    current = 'garbage';
    expect((await authn.authenticate(requestWithClientCert(alice.certPem)))?.user.name).toBe('alice');
    current = otherCa.certPem;
    await expect(authn.authenticate(requestWithClientCert(alice.certPem))).rejects.toThrow('Unauthorized');
  });
});

describe('x509Authenticator over real TLS', () => {
  let server: Server;
  let port: number;
  let intermediate: CertBundle;
  let leaf: CertBundle;

  beforeAll(async () => {
    intermediate = intermediateCA(ca);
    leaf = createClientCert(intermediate, { user: 'dave', groups: ['tls'] });
    const serving = createServingCert(ca, { commonName: 'apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    const authn = x509Authenticator({ ca: ca.certPem });
    server = createServer(
      { cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        authn.authenticate(fromIncomingMessage(req, { res })).then(
          (r: AuthenticationResult | null) => res.end(JSON.stringify({ user: r?.user.name ?? null })),
          (e: unknown) => {
            res.statusCode = isStatusError(e) ? e.status.code : 500;
            res.end(JSON.stringify({ error: String(e) }));
          },
        );
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function get(options: { cert?: string; key?: string }): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', ca: [ca.certPem], agent: false, ...options }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('authenticates a client that sends its chain (leaf + intermediate) in the handshake', async () => {
    const r = await get({ cert: leaf.certPem + intermediate.certPem, key: leaf.keyPem });
    expect(r).toEqual({ status: 200, body: '{"user":"dave"}' });
  });

  it('answers 401 for a client certificate from another CA', async () => {
    const stranger = createClientCert(otherCa, { user: 'admin', groups: ['system:masters'] });
    const r = await get({ cert: stranger.certPem, key: stranger.keyPem });
    expect(r.status).toBe(401);
  });

  it('has no opinion on a TLS client without a certificate', async () => {
    expect(await get({})).toEqual({ status: 200, body: '{"user":null}' });
  });
});
