/**
 * buildDiscovery: every discovery document for one set of definitions, serialized once, with
 * its ETag, and a `serve` that picks the document for a path and Accept header.
 */
import { createHash } from 'node:crypto';
import { type ResourceDefinition, errors } from '@apiserver-kit/core';
import { type AggregatedVersion, aggregatedContentType, aggregatedList, negotiateDiscovery } from './aggregated.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy.js';
import { servedGroups } from './model.js';

export interface DiscoveryOptions {
  /** host:port clients should use, announced in `/api`'s serverAddressByClientCIDRs. */
  serverAddress?: string;
}

export interface DiscoveryResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Discovery {
  /**
   * The answer for a GET of `path` (a query string is ignored), or null when the path is not a
   * discovery path (/api, /api/<v>, /apis, /apis/<g>, /apis/<g>/<v>). Unknown groups and
   * versions under those prefixes answer 404 with a NotFound Status.
   */
  serve(path: string, accept: string | undefined, ifNoneMatch: string | undefined): DiscoveryResponse | null;
  /**
   * The documents as plain JSON, keyed by path; the aggregated forms of /api and /apis under
   * `/api#v2`, `/api#v2beta1`, `/apis#v2`, `/apis#v2beta1` (for aggregators merging discovery).
   */
  readonly documents: ReadonlyMap<string, unknown>;
}

interface Prepared {
  body: Buffer;
  etag: string;
  contentType: string;
}

/** kube's discovery ETag: upper-case hex SHA-512 of the JSON, in double quotes. */
function etagOf(body: Buffer): string {
  return `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"`;
}

function prepare(doc: unknown, contentType = 'application/json'): Prepared {
  const body = Buffer.from(JSON.stringify(doc));
  return { body, etag: etagOf(body), contentType };
}

/** kube's 404 for an unknown path; it carries an empty `details`, which core's Status leaves out. */
function notFoundStatusBody(): Buffer {
  const { kind, apiVersion, metadata, status, message, reason, details, code } = errors.pathNotFound().status;
  return Buffer.from(JSON.stringify({ kind, apiVersion, metadata, status, message, reason, details: details ?? {}, code }));
}

const notFoundBody = notFoundStatusBody();

/** A 404 carrying kube's "the server could not find the requested resource" Status. */
export function notFoundResponse(): DiscoveryResponse {
  return { status: 404, headers: { 'Content-Type': 'application/json' }, body: notFoundBody };
}

function respond(p: Prepared, ifNoneMatch: string | undefined, vary: boolean): DiscoveryResponse {
  const headers: Record<string, string> = { 'Content-Type': p.contentType, ETag: p.etag };
  if (vary) {
    headers.Vary = 'Accept';
    headers['Cache-Control'] = 'public';
  }
  if (ifNoneMatch !== undefined && ifNoneMatch === p.etag) return { status: 304, headers, body: Buffer.alloc(0) };
  return { status: 200, headers, body: p.body };
}

/** Precomputes all discovery documents of `defs`. Rebuild when the set of definitions changes. */
export function buildDiscovery(defs: readonly ResourceDefinition[], opts: DiscoveryOptions = {}): Discovery {
  const groups = servedGroups(defs);
  const core = groups.filter((g) => g.name === '');
  const named = groups.filter((g) => g.name !== '');
  const docs = new Map<string, unknown>();
  const prepared = new Map<string, Prepared>();
  const add = (key: string, doc: unknown, contentType?: string) => {
    docs.set(key, doc);
    prepared.set(key, prepare(doc, contentType));
  };

  add('/api', apiVersions(groups, opts.serverAddress));
  add('/apis', apiGroupList(groups));
  for (const version of ['v2', 'v2beta1'] as AggregatedVersion[]) {
    add(`/api#${version}`, aggregatedList(core, version), aggregatedContentType(version));
    add(`/apis#${version}`, aggregatedList(named, version), aggregatedContentType(version));
  }
  for (const group of groups) {
    if (group.name !== '') add(`/apis/${group.name}`, apiGroup(group));
    for (const gv of group.versions) {
      add(group.name === '' ? `/api/${gv.version}` : `/apis/${group.name}/${gv.version}`, apiResourceList(gv));
    }
  }

  return {
    documents: docs,
    serve(rawPath, accept, ifNoneMatch) {
      const q = rawPath.indexOf('?');
      let path = q < 0 ? rawPath : rawPath.slice(0, q);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const segments = path.split('/').slice(1);
      const root = segments[0];
      const owned = (root === 'api' && segments.length <= 2) || (root === 'apis' && segments.length <= 3);
      if (!owned || segments.some((s, i) => i > 0 && s === '')) return null;
      if (path === '/api' || path === '/apis') {
        const format = negotiateDiscovery(accept);
        const key = format === 'legacy' ? path : `${path}#${format}`;
        return respond(prepared.get(key)!, ifNoneMatch, true);
      }
      const doc = prepared.get(path);
      return doc ? respond(doc, ifNoneMatch, false) : notFoundResponse();
    },
  };
}
