/**
 * Test helper: a real HTTPS server on 127.0.0.1 with a certificate from a fresh test CA
 * (@apiserver-kit/pki), optionally requiring client certificates signed by that CA.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CertBundle, createCA, createClientCert, createServingCert } from '@apiserver-kit/pki';

export interface TestServer {
  url: string;
  caPem: string;
  ca: CertBundle;
  close(): Promise<void>;
}

let shared: { ca: CertBundle; serving: CertBundle } | undefined;

function certs(): { ca: CertBundle; serving: CertBundle } {
  if (!shared) {
    const ca = createCA({ commonName: 'authn-test-ca' });
    const serving = createServingCert(ca, { commonName: '127.0.0.1', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    shared = { ca, serving };
  }
  return shared;
}

/** A client certificate for `user`, signed by the test CA. */
export function testClientCert(user: string): CertBundle {
  return createClientCert(certs().ca, { user, groups: [] });
}

export async function serveHttps(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  opts: { requireClientCert?: boolean } = {},
): Promise<TestServer> {
  const { ca, serving } = certs();
  const server = https.createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: !!opts.requireClientCert, rejectUnauthorized: !!opts.requireClientCert },
    handler,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: ca.certPem,
    ca,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
