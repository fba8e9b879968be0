/**
 * buildOpenApi: the OpenAPI documents of one set of definitions, serialized once (JSON, and
 * protobuf for v2), with kube-openapi's ETags, and a `serve` for /openapi/v2, /openapi/v3 and
 * /openapi/v3/<gv>.
 */
import type { ResourceDefinition } from '@apiserver-kit/core';
import { errors } from '@apiserver-kit/core';
import { notFoundResponse } from '../discovery/serve.js';
import { parseAccept } from '../http/media.js';
import { encodeSwaggerProto } from './protobuf.js';
import { swaggerDocument } from './v2.js';
import { type OpenApiOptions, contentHash, groupVersionDocuments, v3Root } from './v3.js';

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface OpenApi {
  /**
   * The answer for a GET of `path`, or null when it is not an OpenAPI path. The query (for
   * `?hash=`) may be given separately or left on the path.
   */
  serve(path: string, accept: string | undefined, ifNoneMatch: string | undefined, query?: URLSearchParams): OpenApiResponse | null;
  /** The JSON documents: `v2`, `v3` (the index) and `v3/<key>` (e.g. `v3/api/v1`). */
  readonly documents: ReadonlyMap<string, unknown>;
}

export const protobufV2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const protobufV2Deprecated = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

interface Encoded {
  json: Buffer;
  /** Quoted kube-openapi hash of the JSON, shared by every encoding of the document. */
  etag: string;
  hash: string;
}

function encode(doc: unknown): Encoded {
  const json = Buffer.from(JSON.stringify(doc));
  const hash = contentHash(json);
  return { json, hash, etag: `"${hash}"` };
}

/**
 * The first Accept range (by q, then order) matching one of `offered`, with `*` wildcards as
 * kube-openapi's handlers allow; a missing Accept means any.
 */
function pick(accept: string | undefined, offered: readonly string[]): string | undefined {
  const ranges = accept ? parseAccept(accept) : parseAccept('*/*');
  for (const r of ranges) {
    const hit = offered.find((o) => {
      const [type, subtype] = o.split('/');
      return (r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype);
    });
    if (hit) return hit;
  }
  return undefined;
}

function notAcceptable(offered: string[]): OpenApiResponse {
  const status = errors.notAcceptable(offered).status;
  return { status: 406, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(status)) };
}

function reply(body: Buffer, contentType: string, etag: string, ifNoneMatch: string | undefined, extra: Record<string, string> = {}): OpenApiResponse {
  const headers = { 'Content-Type': contentType, ETag: etag, Vary: 'Accept', ...extra };
  if (ifNoneMatch !== undefined && ifNoneMatch === etag) return { status: 304, headers, body: Buffer.alloc(0) };
  return { status: 200, headers, body };
}

/** Precomputes every OpenAPI document of `defs`. Rebuild when the set of definitions changes. */
export function buildOpenApi(defs: readonly ResourceDefinition[], opts: OpenApiOptions = {}): OpenApi {
  const gvDocs = groupVersionDocuments(defs, opts);
  const documents = new Map<string, unknown>();
  const v3 = new Map<string, Encoded>();
  for (const d of gvDocs) {
    documents.set(`v3/${d.key}`, d.document);
    v3.set(d.key, encode(d.document));
  }
  const root = v3Root(new Map([...v3].map(([key, e]) => [key, e.hash])));
  documents.set('v3', root);
  const rootEncoded = encode(root);
  const swagger = swaggerDocument(gvDocs, opts);
  documents.set('v2', swagger);
  const v2 = encode(swagger);
  let v2Proto: Buffer | undefined;

  return {
    documents,
    serve(rawPath, accept, ifNoneMatch, query) {
      const q = rawPath.indexOf('?');
      const path = (q < 0 ? rawPath : rawPath.slice(0, q)).replace(/\/+$/, '');
      const params = query ?? new URLSearchParams(q < 0 ? '' : rawPath.slice(q + 1));
      if (path === '/openapi/v2') {
        const type = pick(accept, ['application/json', protobufV2Deprecated, protobufV2]);
        if (!type) return notAcceptable(['application/json', protobufV2]);
        if (type === 'application/json') return reply(v2.json, type, v2.etag, ifNoneMatch);
        v2Proto ??= encodeSwaggerProto(swagger);
        return reply(v2Proto, protobufV2, v2.etag, ifNoneMatch);
      }
      if (path === '/openapi/v3') return reply(rootEncoded.json, 'application/json', rootEncoded.etag, ifNoneMatch);
      if (!path.startsWith('/openapi/v3/')) return null;
      const doc = v3.get(path.slice('/openapi/v3/'.length));
      if (!doc) return notFoundResponse();
      if (!pick(accept, ['application/json'])) return notAcceptable(['application/json']);
      const hash = params.get('hash');
      if (hash) {
        if (hash !== doc.hash) {
          const location = `${path}?hash=${doc.hash}`;
          return { status: 301, headers: { Location: location, 'Content-Type': 'text/html; charset=utf-8' }, body: Buffer.from(`<a href="${location}">Moved Permanently</a>.\n`) };
        }
        const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
        return reply(doc.json, 'application/json', doc.etag, ifNoneMatch, { 'Cache-Control': 'public, immutable', Expires: expires });
      }
      return reply(doc.json, 'application/json', doc.etag, ifNoneMatch);
    },
  };
}
