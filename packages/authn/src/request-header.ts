/**
 * The authenticating-proxy (front proxy) authenticator, kube-apiserver's `--requestheader-*`
 * flags: a proxy that authenticated the user passes the identity in headers (X-Remote-User,
 * X-Remote-Group, X-Remote-Extra-<key>). The headers are trusted only when the connection's
 * client certificate verifies against the request-header client CA (with the clientAuth
 * usage) and, when `allowedNames` is set, its CN is one of them; otherwise they are ignored
 * (no opinion) and whatever else authenticates the request decides.
 *
 * Header values follow kube: the first username (and uid) header with a non-empty value wins;
 * every non-empty value of every group header is one group; an extra header's key is the rest
 * of its name, lower-cased and percent-decoded. On success the headers are removed from the
 * ApiRequest. Node joins repeated headers with ", " — an ApiRequest built from
 * `req.headersDistinct` keeps them apart.
 *
 * @example
 * const proxy = requestHeaderAuthenticator({ clientCA: frontProxyCA, allowedNames: ['front-proxy-client'] });
 * const authn = unionAuthenticators(proxy, x509Authenticator({ ca }), bearerAuthenticator(tokens));
 * stripHeaders(incomingMessage, requestHeaderNames(options)); // before proxying anywhere else
 */
import { type ApiRequest, type Authenticator, type HeaderViews, type UserInfo, stripRequestHeaders } from '@apiserver-kit/core';
import { caProvider, verifyRequestCertificate, type CABundleSource } from './x509.js';

export interface RequestHeaderOptions {
  /** The CA bundle(s) that signs the proxy's client certificate (`--requestheader-client-ca-file`). */
  clientCA: CABundleSource;
  /** Accepted proxy certificate CNs; empty: any certificate the CA signed (`--requestheader-allowed-names`). */
  allowedNames?: readonly string[];
  /** Default ['X-Remote-User']. */
  usernameHeaders?: readonly string[];
  /** Default [] (kube's `--requestheader-uid-headers` has no default). */
  uidHeaders?: readonly string[];
  /** Default ['X-Remote-Group']. */
  groupHeaders?: readonly string[];
  /** Default ['X-Remote-Extra-']. */
  extraHeaderPrefixes?: readonly string[];
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

/** Lower-cased header names and prefixes that carry a proxied identity. */
export interface RequestHeaderNames {
  headers: string[];
  prefixes: string[];
}

function trimmed(names: readonly string[], flag: string): string[] {
  return names.map((n) => {
    const t = n.trim();
    if (t === '') throw new Error(`${flag}: empty header ${JSON.stringify(n)}`);
    return t.toLowerCase();
  });
}

interface ResolvedHeaders {
  username: string[];
  uid: string[];
  group: string[];
  extraPrefixes: string[];
}

function resolveHeaders(o: Omit<RequestHeaderOptions, 'clientCA'>): ResolvedHeaders {
  const username = trimmed(o.usernameHeaders ?? ['X-Remote-User'], 'usernameHeaders');
  if (username.length === 0) throw new Error('usernameHeaders: at least one header is required');
  return {
    username,
    uid: trimmed(o.uidHeaders ?? [], 'uidHeaders'),
    group: trimmed(o.groupHeaders ?? ['X-Remote-Group'], 'groupHeaders'),
    extraPrefixes: trimmed(o.extraHeaderPrefixes ?? ['X-Remote-Extra-'], 'extraHeaderPrefixes'),
  };
}

/** The headers and prefixes to strip from requests (kube's ClearAuthenticationHeaders). */
export function requestHeaderNames(options: Omit<RequestHeaderOptions, 'clientCA'> = {}): RequestHeaderNames {
  const h = resolveHeaders(options);
  return { headers: [...new Set([...h.username, ...h.uid, ...h.group])], prefixes: [...new Set(h.extraPrefixes)] };
}

/**
 * Remove identity headers from a request: an ApiRequest, or a node IncomingMessage (both its
 * parsed `headers` and its `rawHeaders`).
 */
export function stripHeaders(req: HeaderViews, names: RequestHeaderNames): void {
  stripRequestHeaders(req, (lower) => names.headers.includes(lower) || names.prefixes.some((p) => lower.startsWith(p)));
}

function valuesOf(req: ApiRequest, name: string): string[] {
  const v = req.headers[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function firstValue(req: ApiRequest, names: string[]): string {
  for (const name of names) {
    const v = valuesOf(req, name)[0];
    if (v) return v;
  }
  return '';
}

/** Go's url.PathUnescape; a malformed escape leaves the key as it was. */
function unescapeExtraKey(key: string): string {
  if (!key.includes('%')) return key;
  const bytes: number[] = [];
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === '%') {
      const hex = key.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) return key;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The request-header (front proxy) authenticator. */
export function requestHeaderAuthenticator(options: RequestHeaderOptions): Authenticator {
  const h = resolveHeaders(options);
  const names = requestHeaderNames(options);
  const allowed = new Set(options.allowedNames ?? []);
  const ca = caProvider(options.clientCA);
  const now = options.now ?? Date.now;
  return {
    name: 'requestheader',
    async authenticate(req) {
      let chain;
      try {
        chain = verifyRequestCertificate(req.peerCertificates, ca.current(), now());
      } catch {
        return null; // not our proxy: its headers mean nothing, another authenticator may know the cert
      }
      if (!chain) return null;
      if (allowed.size > 0 && !allowed.has(chain[0]!.commonName)) return null;

      const name = firstValue(req, h.username);
      if (name === '') return null;
      const user: UserInfo = { name, groups: h.group.flatMap((g) => valuesOf(req, g).filter((v) => v !== '')) };
      const uid = firstValue(req, h.uid);
      if (uid !== '') user.uid = uid;
      // A Map, not an object: keys such as "__proto__" or "constructor" come from the client.
      const extra = new Map<string, string[]>();
      for (const prefix of h.extraPrefixes) {
        for (const header of Object.keys(req.headers)) {
          if (!header.startsWith(prefix)) continue;
          const key = unescapeExtraKey(header.slice(prefix.length).toLowerCase());
          extra.set(key, [...(extra.get(key) ?? []), ...valuesOf(req, header)]);
        }
      }
      if (extra.size > 0) user.extra = Object.fromEntries(extra);
      stripHeaders(req, names);
      return { user };
    },
  };
}
