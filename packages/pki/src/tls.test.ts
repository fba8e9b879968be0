import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, createClientCert, createServingCert, type CertBundle } from './certs.js';

interface Seen {
  authorized: boolean;
  cn?: string;
  o?: string | string[];
  error?: string;
}

let ca: CertBundle;
let client: CertBundle;
let stranger: CertBundle;
let server: Server;
let port: number;

beforeAll(async () => {
  ca = createCA({ commonName: 'tls-test-ca' });
  const otherCa = createCA({ commonName: 'tls-test-ca' });
  const serving = createServingCert(ca, { commonName: 'kube-apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });
  client = createClientCert(ca, { user: 'alice', groups: ['system:masters', 'dev'] });
  stranger = createClientCert(otherCa, { user: 'mallory', groups: ['system:masters'] });

  // rejectUnauthorized: false lets the handshake finish so the handler can report what it saw.
  server = createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: [ca.certPem], requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      const seen: Seen = { authorized: socket.authorized };
      if (peer.subject) Object.assign(seen, { cn: peer.subject.CN, o: peer.subject.O });
      if (socket.authorizationError) seen.error = String(socket.authorizationError);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(seen));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function get(options: { cert?: string; key?: string; servername?: string }): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca: [ca.certPem], agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(JSON.parse(body) as Seen));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('TLS handshake with issued certificates', () => {
  it('authorizes a client certificate from the CA and exposes its CN and O to the server', async () => {
    const seen = await get({ cert: client.certPem, key: client.keyPem });
    expect(seen).toEqual({ authorized: true, cn: 'alice', o: ['system:masters', 'dev'] });
  });

  it('does not authorize a client certificate from a different CA', async () => {
    const seen = await get({ cert: stranger.certPem, key: stranger.keyPem });
    expect(seen.authorized).toBe(false);
    expect(seen.cn).toBe('mallory');
    expect(seen.error).toBeDefined();
  });

  it('sees no client identity when the client presents no certificate', async () => {
    const seen = await get({});
    expect(seen.authorized).toBe(false);
    expect(seen.cn).toBeUndefined();
  });

  it('lets the client verify the server by IP SAN and by DNS SAN, and rejects uncovered names', async () => {
    await expect(get({ cert: client.certPem, key: client.keyPem })).resolves.toMatchObject({ authorized: true });
    await expect(get({ servername: 'localhost' })).resolves.toMatchObject({ authorized: false });
    await expect(get({ servername: 'elsewhere.example' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
