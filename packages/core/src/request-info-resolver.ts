/**
 * `resolveRequestInfo`: kube-apiserver's RequestInfoFactory (apiserver/pkg/endpoints/request/
 * requestinfo.go) with the prefixes `api` (legacy, groupless) and `apis`. It tells resource
 * requests (/api/v1/namespaces/ns/pods/name/status) from non-resource ones (/healthz, /apis),
 * maps the HTTP method to a verb, turns a name-less GET into list or watch and a name-less
 * DELETE into deletecollection, and copies the selectors of list/watch/deletecollection.
 *
 * @example
 * const info = resolveRequestInfo('GET', '/api/v1/namespaces/dev/pods', new URLSearchParams('watch=1'));
 * info.verb;      // "watch"
 * info.namespace; // "dev"
 */
import { internalError } from './errors.js';
import type { RequestInfo } from './request-info.js';
import { fieldSelectorRequiresExactMatch, parseFieldSelector } from './selectors/fields.js';
import { parseInt64 } from './go-format.js';
import { parseLabelSelector } from './selectors/labels.js';
import type { FieldSelector } from './selectors/types.js';
import { isValidPathSegmentName } from './validation.js';

const apiPrefixes = new Set(['api', 'apis']);
const grouplessApiPrefixes = new Set(['api']);
/** Verbs given as a path segment right after the version (deprecated by kube but still served). */
const specialVerbs = new Set(['proxy', 'watch']);
const specialVerbsNoSubresources = new Set(['proxy']);
/** Subresources of a namespace, so /namespaces/x/status is not read as resource "status" in x. */
const namespaceSubresources = new Set(['status', 'finalize']);
const verbsWithSelectors = new Set(['list', 'watch', 'deletecollection']);
const methodVerbs: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Percent-decode a URL path as Go's url.URL.Path does (so %2F becomes a separator); bad escapes stay as they are. */
export function decodeUrlPath(raw: string): string {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < raw.length; ) {
    const hex = raw.slice(i + 1, i + 3);
    if (raw[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 3;
    } else {
      const cp = raw.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** Go's Convert_Slice_string_To_bool: anything but "0" and "false" (any case) is true. */
function queryBool(v: string): boolean {
  return v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * What decoding the query into metav1.ListOptions yields for the resolver: the watch flag and
 * the field selector, or null when any ListOptions parameter fails to decode (kube then keeps
 * only the raw watch parameter).
 */
function decodeListOptions(query: URLSearchParams): { watch: boolean; fieldSelector?: FieldSelector } | null {
  try {
    for (const p of ['limit', 'timeoutSeconds']) {
      const v = query.get(p);
      if (v !== null && parseInt64(v) === null) return null;
    }
    const ls = query.get('labelSelector');
    if (ls !== null) parseLabelSelector(ls);
    const fs = query.get('fieldSelector');
    const watch = query.get('watch');
    return { watch: watch !== null && queryBool(watch), fieldSelector: fs !== null ? parseFieldSelector(fs) : undefined };
  } catch {
    return null;
  }
}

/**
 * Resolve what a request is about. `path` is the raw URL path (without the query); it is
 * percent-decoded first, as Go does. Throws a 500 StatusError for `/api/v1/watch` or
 * `/api/v1/proxy` with nothing after the verb, which kube's request-info filter rejects.
 */
export function resolveRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const decoded = decodeUrlPath(path);
  const info: RequestInfo = {
    isResourceRequest: false,
    path: decoded,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
    fieldSelector: '',
    labelSelector: '',
  };

  let parts = splitPath(decoded);
  if (parts.length < 3 || !apiPrefixes.has(parts[0]!)) return info;
  info.apiPrefix = parts[0]!;
  parts = parts.slice(1);
  if (!grouplessApiPrefixes.has(info.apiPrefix)) {
    if (parts.length < 3) return info;
    info.apiGroup = parts[0]!;
    parts = parts.slice(1);
  }
  info.isResourceRequest = true;
  info.apiVersion = parts[0]!;
  parts = parts.slice(1);

  let verbViaPathPrefix = false;
  if (specialVerbs.has(parts[0]!)) {
    if (parts.length < 2) {
      const url = query.size > 0 ? `${path}?${query.toString()}` : path;
      throw internalError(new Error(`failed to create RequestInfo: unable to determine kind and namespace from url, ${url}`));
    }
    info.verb = parts[0]!;
    parts = parts.slice(1);
    verbViaPathPrefix = true;
  } else {
    info.verb = methodVerbs[method] ?? '';
  }

  // /namespaces/{namespace}/{resource}/...: parts become relative to the resource, unless the
  // step after the namespace name is a namespace subresource (then the namespace is the object).
  if (parts[0] === 'namespaces' && parts.length > 1) {
    info.namespace = parts[1]!;
    if (parts.length > 2 && !namespaceSubresources.has(parts[2]!)) parts = parts.slice(2);
  }
  info.parts = parts;
  if (parts.length >= 3 && !specialVerbsNoSubresources.has(info.verb)) info.subresource = parts[2]!;
  if (parts.length >= 2) info.name = parts[1]!;
  if (parts.length >= 1) info.resource = parts[0]!;

  if (info.name === '' && info.verb === 'get') {
    const opts = decodeListOptions(query);
    const rawWatch = query.get('watch');
    const watch = opts ? opts.watch : rawWatch !== null && queryBool(rawWatch);
    info.verb = watch ? 'watch' : 'list';
    // A list or watch of one object by `metadata.name=` is name-scoped (for authorization).
    const name = opts?.fieldSelector ? fieldSelectorRequiresExactMatch(opts.fieldSelector, 'metadata.name') : undefined;
    if (name !== undefined && isValidPathSegmentName(name).length === 0) info.name = name;
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';

  if (!verbViaPathPrefix && verbsWithSelectors.has(info.verb)) {
    info.fieldSelector = query.get('fieldSelector') ?? '';
    info.labelSelector = query.get('labelSelector') ?? '';
  }
  return info;
}
