/**
 * ApiRequest: the framework-neutral view of one HTTP request that every block reads.
 * `fromIncomingMessage` (node.ts) is the one adapter from node:http; unit tests build one
 * directly with `makeApiRequest`.
 */
import type { RequestInfo } from './request-info.js';
import type { UserInfo } from './user.js';

/** A peer certificate as the TLS layer reports it; `raw` is DER. */
export interface PeerCertificate {
  raw: Uint8Array;
  subject: Record<string, string | string[]>;
  issuer: Record<string, string | string[]>;
  fingerprint256?: string;
}

export interface ApiRequest {
  method: string;
  /** The URL path, percent-decoding left to the resolver. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names; repeated headers joined as Node does. */
  headers: Record<string, string | string[] | undefined>;
  /** The client's certificate chain, leaf first, when the connection is TLS and the client sent one. */
  peerCertificates: PeerCertificate[];
  /** True when the connection is TLS. */
  tls: boolean;
  remoteAddress: string;
  /** The audit id: the client's Audit-ID header if sent, else a new UUID. */
  auditId: string;
  /** Aborted when the client goes away or the request times out. */
  signal: AbortSignal;
  info: RequestInfo;
  user?: UserInfo;
}

/** The first value of a header. */
export function header(req: Pick<ApiRequest, 'headers'>, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** All values of a header (repeated headers and comma-joined ones are not split). */
export function headerValues(req: Pick<ApiRequest, 'headers'>, name: string): string[] {
  const v = req.headers[name.toLowerCase()];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
