/**
 * POSTing an AdmissionReview to a webhook: the URL from clientConfig.url, or for a service
 * reference from the injected `resolveService` (kube-lite has no Services), `?timeout=<n>s`
 * appended as kube's REST client does, TLS verified against clientConfig.caBundle (system roots
 * when absent), and an AbortController that never lets the call outlive timeoutSeconds.
 * Failures read like Go's (`Post "https://...": context deadline exceeded`), since kube puts
 * them in its 500s.
 *
 * @example
 * const body = await postReview(target, JSON.stringify(review), 10);
 */
import https from 'node:https';
import type { ServiceReference, WebhookClientConfig } from './types.js';

/** Turns a service reference into the URL to call (path included); throws when it cannot. */
export type ServiceResolver = (namespace: string, name: string, port: number, path: string) => string | Promise<string>;

export const defaultServiceResolver: ServiceResolver = () => {
  throw new Error('service resolution not supported');
};

/** Where one call goes: the URL kube would show in errors, and how to reach it. */
export interface CallTarget {
  /** The URL as kube's REST client prints it, `?timeout=` included. */
  displayUrl: string;
  /** Resolves the URL to connect to (the display URL for url configs). */
  connectUrl(): Promise<string>;
  /** The TLS server name to verify (the service's DNS name for service references). */
  serverName?: string;
  caPem?: string;
}

/** The URL as Go's REST client sends it: the configured text (ports kept as written), `/` for an empty path, `?timeout=`. */
function withTimeout(raw: string, timeoutSeconds: number): string {
  new URL(raw); // throws for a URL nobody could call
  const base = raw.replace(/[?#].*$/, '');
  const path = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*$/.test(base) ? '/' : '';
  return `${base}${path}?timeout=${timeoutSeconds}s`;
}

export function callTarget(cc: WebhookClientConfig, timeoutSeconds: number, resolve: ServiceResolver): CallTarget {
  const caPem = cc.caBundle ? Buffer.from(cc.caBundle, 'base64').toString('utf8') : undefined;
  if (typeof cc.url === 'string') {
    const href = withTimeout(cc.url, timeoutSeconds);
    return { displayUrl: href, connectUrl: async () => href, ...(caPem ? { caPem } : {}) };
  }
  const svc = cc.service as ServiceReference | undefined;
  if (!svc) throw new Error('exactly one of url or service is required');
  const port = svc.port ?? 443;
  const path = svc.path ?? '';
  const serverName = `${svc.name}.${svc.namespace}.svc`;
  const displayUrl = withTimeout(`https://${serverName}:${port}${path}`, timeoutSeconds);
  return {
    displayUrl,
    serverName,
    connectUrl: async () => withTimeout(await resolve(svc.namespace, svc.name, port, path), timeoutSeconds),
    ...(caPem ? { caPem } : {}),
  };
}

export interface PostResult {
  status: number;
  body: string;
}

const maxResponseBytes = 3 * 1024 * 1024;

/** Go's wording for common socket errors. */
function describe(err: NodeJS.ErrnoException & { address?: string; port?: number }): string {
  const where = err.address ? `${err.address.includes(':') ? `[${err.address}]` : err.address}:${err.port ?? ''}` : '';
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${where}: connect: connection refused`;
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: ${hostnameError(err as NodeJS.ErrnoException & { host?: string; cert?: { subjectaltname?: string } })}`;
    default:
      return err.message;
  }
}

/** Go's x509.HostnameError text. */
function hostnameError(err: { host?: string; cert?: { subjectaltname?: string } }): string {
  const host = err.host ?? '';
  const sans = (err.cert?.subjectaltname ?? '').split(', ').filter(Boolean);
  const isIp = /^[\d.]+$|:/.test(host);
  const names = sans
    .filter((s) => s.startsWith(isIp ? 'IP Address:' : 'DNS:'))
    .map((s) => s.slice(s.indexOf(':') + 1));
  if (isIp && names.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
  return `x509: certificate is valid for ${names.join(', ')}, not ${host}`;
}

/** POST `body` to the target; rejects with an Error whose message is kube's `Post "<url>": <reason>`. */
export async function postReview(target: CallTarget, body: string, timeoutSeconds: number): Promise<PostResult> {
  const prefix = `Post ${JSON.stringify(target.displayUrl)}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutSeconds * 1000);
  try {
    const url = await Promise.race([target.connectUrl(), aborted(controller.signal)]);
    return await new Promise<PostResult>((resolve, reject) => {
      const req = https.request(
        url,
        {
          method: 'POST',
          signal: controller.signal,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, */*',
            'user-agent': 'kube-apiserver-admission',
            'content-length': String(Buffer.byteLength(body)),
          },
          ...(target.caPem ? { ca: target.caPem } : {}),
          ...(target.serverName ? { servername: target.serverName } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) req.destroy(new Error(`response body exceeds ${maxResponseBytes} bytes`));
            else chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('close', () => {
            if (!res.complete) reject(new Error('unexpected EOF'));
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (err) {
    if (controller.signal.aborted) throw new Error(`${prefix}: context deadline exceeded`);
    throw new Error(`${prefix}: ${describe(err as NodeJS.ErrnoException)}`);
  } finally {
    clearTimeout(timer);
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
}
