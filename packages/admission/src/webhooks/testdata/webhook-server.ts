/**
 * Test helper: a real HTTPS admission webhook on 127.0.0.1 (serving certificate from a fresh
 * @apiserver-kit/pki CA), recording every AdmissionReview it receives and answering per path
 * with a function the test sets. Also: a URL nothing listens on.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { createCA, createServingCert } from '@apiserver-kit/pki';

export interface SeenCall {
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  review: Record<string, unknown>;
  request: Record<string, unknown>;
}

/** A response object (sent as `{apiVersion, kind, response: {uid, ...}}`), 'hang', or full control. */
export type Answer =
  | Record<string, unknown>
  | 'hang'
  | ((request: Record<string, unknown>, res: ServerResponse, review: Record<string, unknown>) => void);

export interface WebhookServer {
  /** `https://127.0.0.1:<port><path>` */
  url(path: string): string;
  /** Base64 of the CA PEM, for clientConfig.caBundle. */
  caBundle: string;
  seen: SeenCall[];
  /** What `path` answers; unknown paths allow. */
  answers: Map<string, Answer>;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A v1 AdmissionReview answer for `request` with the given response fields. */
export function reviewAnswer(request: Record<string, unknown>, response: Record<string, unknown>) {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid, ...response } };
}

/** A base64 JSON Patch, as a mutating webhook sends it. */
export function patchOf(ops: unknown[]): string {
  return Buffer.from(JSON.stringify(ops)).toString('base64');
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const ca = createCA({ commonName: 'admission-webhook-test-ca' });
  const serving = createServingCert(ca, { commonName: '127.0.0.1', dnsNames: ['localhost', 'hook.webhooks.svc'], ipAddresses: ['127.0.0.1'] });
  const answers = new Map<string, Answer>();
  const seen: SeenCall[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const request = review.request as Record<string, unknown>;
      const u = new URL(req.url ?? '/', 'https://x');
      seen.push({ path: u.pathname, query: u.search, headers: req.headers, review, request });
      const answer = answers.get(u.pathname) ?? { allowed: true };
      if (answer === 'hang') return;
      if (typeof answer === 'function') answer(request, res, review);
      else sendJson(res, 200, reviewAnswer(request, answer));
    });
  };
  const server = https.createServer({ cert: serving.certPem, key: serving.keyPem }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `https://127.0.0.1:${port}${path}`,
    caBundle: Buffer.from(ca.certPem).toString('base64'),
    seen,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on a port nothing listens on (connection refused). */
export async function deadUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `https://127.0.0.1:${port}/`;
}
