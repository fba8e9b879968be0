import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromIncomingMessage, makeApiRequest } from './node.js';
import type { ApiRequest } from './request.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: http.Server | undefined;
afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  }
});

/** Start a server whose handler hands each request to `onRequest`; returns its port. */
async function serve(onRequest: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = http.createServer(onRequest);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('fromIncomingMessage', () => {
  it('builds the request view of a plain HTTP request', async () => {
    let seen: ApiRequest | undefined;
    const port = await serve((req, res) => {
      seen = fromIncomingMessage(req, { res });
      res.end('ok');
    });
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/dev/pods?watch=1&labelSelector=app%3Dweb`, {
      headers: { 'Audit-ID': 'audit-123', 'X-Custom': 'v' },
    });
    await res.text();
    expect(seen).toMatchObject({
      method: 'GET',
      path: '/api/v1/namespaces/dev/pods',
      tls: false,
      peerCertificates: [],
      remoteAddress: '127.0.0.1',
      auditId: 'audit-123',
      info: { isResourceRequest: true, verb: 'watch', namespace: 'dev', resource: 'pods', labelSelector: 'app=web' },
    });
    expect(seen!.query.get('labelSelector')).toBe('app=web');
    expect(seen!.headers['x-custom']).toBe('v');
    expect(seen!.signal.aborted).toBe(false);
  });

  it('makes a new UUID audit id when the client sends none or an empty one', async () => {
    const ids: string[] = [];
    const port = await serve((req, res) => {
      ids.push(fromIncomingMessage(req, { res }).auditId);
      res.end();
    });
    await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
    await (await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { 'Audit-ID': '' } })).text();
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(uuid);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it.each([
    ['with the response', true],
    ['with the request only', false],
  ])('aborts the signal when the client goes away before the response finishes (%s)', async (_name, withRes) => {
    let signal: AbortSignal | undefined;
    const arrived = new Promise<void>((resolve) => {
      void serve((req, res) => {
        signal = fromIncomingMessage(req, withRes ? { res } : {}).signal;
        res.writeHead(200);
        res.write('partial');
        resolve();
      }).then((port) => {
        const client = http.get(`http://127.0.0.1:${port}/api/v1/pods?watch=1`, (res) => {
          res.once('data', () => client.destroy());
        });
        client.on('error', () => {});
      });
    });
    await arrived;
    if (!signal!.aborted) await once(signal!, 'abort');
    expect(signal!.aborted).toBe(true);
  });

  it('leaves the signal alone when the response completes', async () => {
    let signal: AbortSignal | undefined;
    let closed: Promise<unknown> | undefined;
    const port = await serve((req, res) => {
      signal = fromIncomingMessage(req, { res }).signal;
      closed = once(res, 'close');
      res.end('done');
    });
    await (await fetch(`http://127.0.0.1:${port}/api/v1/pods`, { method: 'POST', body: '{}' })).text();
    await closed;
    expect(signal!.aborted).toBe(false);
  });

  it('uses the given audit id and signal', () => {
    const controller = new AbortController();
    const req = { method: 'GET', url: '/version', headers: { 'audit-id': 'ignored' }, socket: { remoteAddress: '::1' } };
    const api = fromIncomingMessage(req as unknown as IncomingMessage, { auditId: 'mine', signal: controller.signal });
    expect(api.auditId).toBe('mine');
    expect(api.signal).toBe(controller.signal);
    expect(api.info).toMatchObject({ isResourceRequest: false, verb: 'get', path: '/version' });
    expect(api.remoteAddress).toBe('::1');
  });

  it('drops scheme and authority of an absolute-form target', () => {
    const req = { method: 'DELETE', url: 'https://example.com:6443/api/v1/nodes?x=1#frag', headers: {}, socket: {} };
    const api = fromIncomingMessage(req as unknown as IncomingMessage, { signal: new AbortController().signal });
    expect(api.path).toBe('/api/v1/nodes');
    expect(api.query.get('x')).toBe('1');
    expect(api.info.verb).toBe('deletecollection');
  });

  it('reads the TLS peer chain leaf first until the issuer repeats', () => {
    const cert = (cn: string, issuer: string) => ({
      raw: Buffer.from(cn),
      subject: { CN: cn, O: ['g1', 'g2'] },
      issuer: { CN: issuer },
      fingerprint256: `fp-${cn}`,
    });
    const root: Record<string, unknown> = cert('root', 'root');
    root.issuerCertificate = root;
    const mid = { ...cert('mid', 'root'), issuerCertificate: root };
    const leaf = { ...cert('alice', 'mid'), issuerCertificate: mid };
    const socket = { encrypted: true, remoteAddress: '10.0.0.1', getPeerCertificate: (detailed: boolean) => (detailed ? leaf : {}) };
    const req = { method: 'GET', url: '/api', headers: {}, socket };
    const api = fromIncomingMessage(req as unknown as IncomingMessage, { signal: new AbortController().signal });
    expect(api.tls).toBe(true);
    expect(api.peerCertificates.map((c) => c.subject.CN)).toEqual(['alice', 'mid', 'root']);
    expect(api.peerCertificates[0]).toEqual({
      raw: new Uint8Array(Buffer.from('alice')),
      subject: { CN: 'alice', O: ['g1', 'g2'] },
      issuer: { CN: 'mid' },
      fingerprint256: 'fp-alice',
    });
  });

  it('reports no certificates for a TLS client that sent none', () => {
    const socket = { encrypted: true, getPeerCertificate: () => ({}) };
    const req = { method: 'GET', url: '/api', headers: {}, socket };
    const api = fromIncomingMessage(req as unknown as IncomingMessage, { signal: new AbortController().signal });
    expect(api.tls).toBe(true);
    expect(api.peerCertificates).toEqual([]);
  });
});

describe('makeApiRequest', () => {
  it('fills defaults and resolves the request info', () => {
    const req = makeApiRequest();
    expect(req).toMatchObject({ method: 'GET', path: '/', headers: {}, peerCertificates: [], tls: false, remoteAddress: '127.0.0.1' });
    expect(req.auditId).toMatch(uuid);
    expect(req.signal.aborted).toBe(false);
    expect(req.info).toMatchObject({ isResourceRequest: false, verb: 'get', path: '/' });
    expect(req.user).toBeUndefined();
  });

  it('takes the query from the path and lower-cases header names', () => {
    const req = makeApiRequest({ method: 'DELETE', path: '/api/v1/namespaces/a/pods?labelSelector=x', headers: { 'Audit-ID': 'id-1' } });
    expect(req.path).toBe('/api/v1/namespaces/a/pods');
    expect(req.query.get('labelSelector')).toBe('x');
    expect(req.headers).toEqual({ 'audit-id': 'id-1' });
    expect(req.auditId).toBe('id-1');
    expect(req.info).toMatchObject({ verb: 'deletecollection', namespace: 'a', resource: 'pods', labelSelector: 'x' });
  });

  it('keeps what it is given', () => {
    const user = { name: 'alice', groups: ['dev'] };
    const req = makeApiRequest({ path: '/api/v1/pods', info: makeApiRequest({ path: '/healthz' }).info, user });
    expect(req.info.path).toBe('/healthz');
    expect(req.user).toBe(user);
  });
});
