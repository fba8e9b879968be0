/**
 * The one adapter from node:http to the kit: `fromIncomingMessage` builds the framework-neutral
 * `ApiRequest` every block reads. `makeApiRequest` builds one for unit tests.
 *
 * @example
 * http.createServer((req, res) => {
 *   const request = fromIncomingMessage(req, { res });
 *   request.info.verb; // "list" for GET /api/v1/pods
 * });
 *
 * const req = makeApiRequest({ method: 'DELETE', path: '/api/v1/namespaces/a/pods?labelSelector=x' });
 * req.info.verb; // "deletecollection"
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { resolveRequestInfo } from './request-info-resolver.js';
import type { ApiRequest, PeerCertificate } from './request.js';

export interface FromIncomingMessageOptions {
  /** Use this audit id instead of the Audit-ID header or a new UUID. */
  auditId?: string;
  /** Use this signal instead of one tied to the connection. */
  signal?: AbortSignal;
  /**
   * The response to `req`. When given, the signal aborts whenever the connection closes before
   * the response finished. Without it, only a close before the request body was fully read is seen.
   */
  res?: ServerResponse;
}

/** Split a request target into its path and raw query (absolute-form targets lose scheme and authority). */
function splitTarget(url: string): { path: string; rawQuery: string } {
  let target = url.split('#', 1)[0]!;
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*/.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || '/';
  const q = target.indexOf('?');
  if (q < 0) return { path: target || '/', rawQuery: '' };
  return { path: target.slice(0, q) || '/', rawQuery: target.slice(q + 1) };
}

type CertFields = Record<string, string | string[]>;

/** The peer's chain, leaf first, following issuerCertificate until it repeats or ends. */
function peerChain(leaf: DetailedPeerCertificate | undefined): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  const seen = new Set<string>();
  let cert = leaf;
  while (cert?.raw && cert.raw.length > 0) {
    const id = cert.fingerprint256 || Buffer.from(cert.raw).toString('base64');
    if (seen.has(id)) break;
    seen.add(id);
    chain.push({
      raw: new Uint8Array(cert.raw),
      subject: { ...(cert.subject as unknown as CertFields) },
      issuer: { ...(cert.issuer as unknown as CertFields) },
      ...(cert.fingerprint256 ? { fingerprint256: cert.fingerprint256 } : {}),
    });
    cert = cert.issuerCertificate;
  }
  return chain;
}

function firstHeader(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function connectionSignal(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (res) {
    res.once('close', () => {
      if (!res.writableFinished) abort();
    });
  } else {
    req.once('close', () => {
      if (req.readableAborted || !req.complete) abort();
    });
  }
  if (req.destroyed && !req.complete) abort();
  return controller.signal;
}

/** Build the ApiRequest for a node:http request (also works with Express, Fastify's raw request, Koa's ctx.req). */
export function fromIncomingMessage(req: IncomingMessage, opts: FromIncomingMessageOptions = {}): ApiRequest {
  const method = req.method ?? 'GET';
  const { path, rawQuery } = splitTarget(req.url ?? '/');
  const query = new URLSearchParams(rawQuery);
  const socket = req.socket as Partial<TLSSocket> | null | undefined;
  const tls = socket?.encrypted === true;
  const peerCertificates =
    tls && typeof socket?.getPeerCertificate === 'function' ? peerChain(socket.getPeerCertificate(true)) : [];
  return {
    method,
    path,
    query,
    headers: distinctHeaders(req),
    peerCertificates,
    tls,
    remoteAddress: socket?.remoteAddress ?? '',
    auditId: opts.auditId || firstHeader(req.headers['audit-id']) || randomUUID(),
    signal: opts.signal ?? connectionSignal(req, opts.res),
    info: resolveRequestInfo(method, path, query),
  };
}

/**
 * The request's headers; a header sent more than once keeps each value (Node would join most
 * of them with ", ", turning two X-Remote-Group headers into one group).
 */
function distinctHeaders(req: IncomingMessage): ApiRequest['headers'] {
  const out: ApiRequest['headers'] = { ...req.headers };
  const distinct = req.headersDistinct as Record<string, string[] | undefined> | undefined;
  if (!distinct) return out;
  for (const [name, values] of Object.entries(distinct)) {
    if (values && values.length > 1) out[name] = values;
  }
  return out;
}

/**
 * An ApiRequest for tests: defaults for everything not given (GET /, no headers, no TLS,
 * 127.0.0.1, a new audit id and signal); a query string in `path` fills `query`; `info` is
 * resolved from method, path and query unless given.
 */
export function makeApiRequest(partial: Partial<ApiRequest> = {}): ApiRequest {
  const method = partial.method ?? 'GET';
  const target = splitTarget(partial.path ?? '/');
  const query = partial.query ?? new URLSearchParams(target.rawQuery);
  const headers: ApiRequest['headers'] = {};
  for (const [k, v] of Object.entries(partial.headers ?? {})) headers[k.toLowerCase()] = v;
  const peerCertificates = partial.peerCertificates ?? [];
  const request: ApiRequest = {
    method,
    path: target.path,
    query,
    headers,
    peerCertificates,
    tls: partial.tls ?? peerCertificates.length > 0,
    remoteAddress: partial.remoteAddress ?? '127.0.0.1',
    auditId: partial.auditId ?? (firstHeader(headers['audit-id']) || randomUUID()),
    signal: partial.signal ?? new AbortController().signal,
    info: partial.info ?? resolveRequestInfo(method, target.path, query),
  };
  if (partial.user) request.user = partial.user;
  return request;
}

/** The header views of a node request: parsed, raw pairs, and Node's cached distinct view. */
export interface HeaderViews {
  headers: Record<string, unknown>;
  rawHeaders?: string[];
  headersDistinct?: Record<string, unknown>;
}

/**
 * Remove every header whose lower-cased name `matches` from all views of a request —
 * `headers`, `rawHeaders` and Node's cached `headersDistinct` — so no later reader (a handler,
 * a proxy, a logger) can see a credential after authentication consumed it.
 */
export function stripRequestHeaders(req: HeaderViews, matches: (lowerName: string) => boolean): void {
  for (const key of Object.keys(req.headers)) if (matches(key.toLowerCase())) delete req.headers[key];
  const distinct = req.headersDistinct;
  if (distinct) for (const key of Object.keys(distinct)) if (matches(key.toLowerCase())) delete distinct[key];
  const raw = req.rawHeaders;
  if (Array.isArray(raw)) {
    for (let i = raw.length - 2; i >= 0; i -= 2) if (matches(raw[i]!.toLowerCase())) raw.splice(i, 2);
  }
}
