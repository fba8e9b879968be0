/**
 * The policy served as two admission webhooks over HTTPS: `POST /validate` runs
 * `requireOwnerLabel`, `POST /mutate` runs `defaultAnnotation`, each through
 * `admissionWebhook` (AdmissionReview admission.k8s.io/v1, or v1beta1 answered in kind).
 * `GET /healthz` answers `ok` for probes; anything else is a 404 Status.
 *
 * @example
 * const pki = await loadOrCreatePki('.webhook-pki', { hosts: ['localhost', '127.0.0.1'] });
 * const running = await startWebhookServer({ port: 8443, certPem: pki.serving.certPem, keyPem: pki.serving.keyPem });
 * console.log(running.url); // https://127.0.0.1:8443 — register https://127.0.0.1:8443/validate
 * await running.close();
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AdmissionWebhookHandler, admissionWebhook } from '@apiserver-kit/admission';
import { failureStatus } from '@apiserver-kit/core';
import { defaultAnnotation, requireOwnerLabel } from './policy.js';

export interface WebhookServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serving certificate (with a SAN for the address the API server calls) and its key, PEM. */
  certPem: string;
  keyPem: string;
  /** Sees plugin failures that are not StatusErrors (they answer a 500 InternalError). */
  onError?(err: unknown): void;
}

export interface RunningWebhookServer {
  server: https.Server;
  /** e.g. `https://127.0.0.1:8443` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The paths the server answers, as the webhook configurations reference them. */
export const webhookPaths = { validate: '/validate', mutate: '/mutate' } as const;

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request listener: routes by path (kube-apiserver appends `?timeout=<n>s`, ignored here). */
export function webhookRoutes(options: Pick<WebhookServerOptions, 'onError'> = {}) {
  const opts = options.onError ? { onError: options.onError } : {};
  const routes: Record<string, AdmissionWebhookHandler> = {
    [webhookPaths.validate]: admissionWebhook(requireOwnerLabel, opts),
    [webhookPaths.mutate]: admissionWebhook(defaultAnnotation, opts),
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').replace(/[?#].*$/, '');
    const route = routes[path];
    if (route) {
      void route(req, res);
    } else if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
    } else {
      sendJson(res, 404, failureStatus(404, 'NotFound', `the server could not find the requested resource: ${path}`));
    }
  };
}

export function startWebhookServer(options: WebhookServerOptions): Promise<RunningWebhookServer> {
  const host = options.host ?? '127.0.0.1';
  const server = https.createServer({ cert: options.certPem, key: options.keyPem }, webhookRoutes(options));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `https://${shown}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
