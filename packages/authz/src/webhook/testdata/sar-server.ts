/**
 * Test helper: a real HTTPS SubjectAccessReview webhook on 127.0.0.1 (certificates from a
 * fresh @apiserver-kit/pki CA, client certificates required), recording what it receives and
 * answering with a function the test sets.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CertBundle, createCA, createClientCert, createServingCert } from '@apiserver-kit/pki';

export interface SeenReview {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  clientCN: string | undefined;
}

/** Either a status for a 200 answer, or full control of the response. */
export type Answer = Record<string, unknown> | ((review: Record<string, unknown>, res: ServerResponse) => void);

export interface SarServer {
  url: string;
  caPem: string;
  client: CertBundle;
  seen: SeenReview[];
  answer: Answer;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startSarServer(): Promise<SarServer> {
  const ca = createCA({ commonName: 'authz-webhook-test-ca' });
  const serving = createServingCert(ca, { commonName: '127.0.0.1', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const client = createClientCert(ca, { user: 'kube-apiserver', groups: [] });
  const state: SarServer = {
    url: '',
    caPem: ca.certPem,
    client,
    seen: [],
    answer: {},
    close: async () => undefined,
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const peer = (req.socket as unknown as { getPeerCertificate(): { subject?: { CN?: string } } }).getPeerCertificate();
      state.seen.push({ body, headers: req.headers, clientCN: peer.subject?.CN });
      const answer = state.answer;
      if (typeof answer === 'function') answer(body, res);
      else sendJson(res, 200, { apiVersion: body.apiVersion, kind: 'SubjectAccessReview', status: answer });
    });
  };
  const server = https.createServer(
    { cert: serving.certPem, key: serving.keyPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true },
    handler,
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/authorize`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
