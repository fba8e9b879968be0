/**
 * Test admission webhooks for the kube-lite admission suites: an HTTPS server on 127.0.0.1:0
 * (certificate from a throwaway CA, IP SAN 127.0.0.1) that answers each AdmissionReview with
 * what the test's function returns — or never answers, for timeouts — and a port nothing
 * listens on, for webhooks that are down.
 *
 * @example
 * const hooks = await startWebhookServer((req) => (req.name === 'bad' ? deny('no', 403) : allow()));
 * hooks.url('/deny'); // https://127.0.0.1:PORT/deny
 * hooks.caBundle;     // base64 of the CA PEM, for clientConfig.caBundle
 * await hooks.close();
 */
import https from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { createCA, createServingCert } from '@apiserver-kit/pki';

/** The part of an AdmissionReview request the tests look at. */
export interface ReviewRequest {
  uid: string;
  name?: string;
  namespace?: string;
  operation: string;
  dryRun?: boolean;
  object?: Record<string, unknown> | null;
}

/** A webhook's answer, without the uid (filled in); `patch` is a JSON Patch document. */
export interface WebhookAnswer {
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string };
  patch?: unknown[];
  warnings?: string[];
}

/** What a path answers: an AdmissionResponse, or 'hang' to never answer. */
export type WebhookBehaviour = (request: ReviewRequest) => WebhookAnswer | 'hang';

export interface TestWebhookServer {
  port: number;
  /** The HTTPS URL of `path` on this server. */
  url(path: string): string;
  /** Base64 of the CA that signed the serving certificate, for clientConfig.caBundle. */
  caBundle: string;
  /** Every request the server got, in order, with the path it was sent to. */
  calls: Array<{ path: string; request: ReviewRequest }>;
  close(): Promise<void>;
}

export const allow = (extra: Omit<WebhookAnswer, 'allowed'> = {}): WebhookAnswer => ({ allowed: true, ...extra });

export const deny = (message: string, code?: number, reason?: string): WebhookAnswer => ({
  allowed: false,
  status: { message, ...(code === undefined ? {} : { code }), ...(reason === undefined ? {} : { reason }) },
});

let tls: { cert: string; key: string; caBundle: string } | undefined;

/** One CA and serving certificate for every server of the test file (RSA keys take a moment). */
function servingTls(): { cert: string; key: string; caBundle: string } {
  if (!tls) {
    const ca = createCA({ commonName: 'admission-test-ca' });
    const serving = createServingCert(ca, { commonName: 'admission-test-webhook', dnsNames: [], ipAddresses: ['127.0.0.1'] });
    tls = { cert: serving.certPem, key: serving.keyPem, caBundle: Buffer.from(ca.certPem).toString('base64') };
  }
  return tls;
}

/** Serves `routes` (path → behaviour); any other path answers 404. */
export async function startWebhookServer(routes: Record<string, WebhookBehaviour>): Promise<TestWebhookServer> {
  const { cert, key, caBundle } = servingTls();
  const calls: TestWebhookServer['calls'] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').replace(/\?.*$/, '');
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { apiVersion: string; request: ReviewRequest };
      calls.push({ path, request: review.request });
      const behaviour = routes[path];
      if (!behaviour) {
        res.writeHead(404).end();
        return;
      }
      const answer = behaviour(review.request);
      if (answer === 'hang') return;
      const { patch, ...rest } = answer;
      const response = {
        uid: review.request.uid,
        ...rest,
        ...(patch ? { patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(patch)).toString('base64') } : {}),
      };
      const body = JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `https://127.0.0.1:${port}${path}`,
    caBundle,
    calls,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port that was free a moment ago and that nothing listens on now. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return port;
}
