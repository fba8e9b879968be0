/**
 * The filter chain: each filter sees the exchange and calls `next` to go on, like kube's
 * handler chain. `compose` builds one handler from filters, outermost first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRequest } from '@apiserver-kit/core';

export interface Exchange {
  req: ApiRequest;
  raw: IncomingMessage;
  res: ServerResponse;
  /** Aborts req.signal (timeouts, client gone). */
  abort(reason?: unknown): void;
}

export type Handler = (x: Exchange) => Promise<void>;
export type Filter = (x: Exchange, next: Handler) => Promise<void>;

export function compose(filters: Filter[], handler: Handler): Handler {
  return filters.reduceRight<Handler>((next, filter) => (x) => filter(x, next), handler);
}

/** Requests that stream for long: watches and connect-style subresources (no request timeout). */
export function isLongRunning(req: ApiRequest): boolean {
  const { verb, subresource } = req.info;
  return verb === 'watch' || verb === 'proxy' || ['exec', 'attach', 'portforward', 'proxy', 'log'].includes(subresource);
}
