/**
 * `authorize`: a connect-style middleware for plain node:http, Express or any framework that
 * exposes node's request and response, with kube-apiserver's authorization filter semantics:
 * an Allow passes the request on; NoOpinion or Deny answers 403 with a Kubernetes Status
 * (`pods "x" is forbidden: User "bob" cannot get resource "pods" in API group "" in the
 * namespace "dev": <reason>`); an authorizer that throws answers 500. It reads the user that
 * `authenticate` (from @apiserver-kit/authn) put on `req.user`; a request without one is
 * answered 401, since authorization without authentication has nobody to ask about.
 *
 * Requests are described by core's `resolveRequestInfo`, as kube-apiserver does: `/api/...`
 * and `/apis/...` paths are resource requests, anything else a non-resource request (verb =
 * lower-cased method, path = URL path). An ordinary app whose own routes live under `/api`
 * should pass `attributes: 'nonResource'` (or its own mapper) so that `/api/notes/1` is the
 * path it is, not version "notes" of resource "1".
 *
 * @example
 * app.use(authenticate(authn));
 * app.use(authorize(rbacAuthorizer(source), { attributes: 'nonResource' }));
 * // ClusterRole rule: { verbs: ['get'], nonResourceURLs: ['/api/notes/*'] }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AuthorizationAttributes,
  type Authorizer,
  type StatusError,
  type UserInfo,
  errors,
  decodeUrlPath,
  forbiddenMessage,
  isStatusError,
  resolveRequestInfo,
} from '@apiserver-kit/core';

export type AttributesMapper = (
  req: IncomingMessage,
  user: UserInfo,
) => AuthorizationAttributes | Promise<AuthorizationAttributes>;

export interface AuthorizeOptions {
  /** The authenticated user of a request; default: `req.user` when it is a UserInfo (what authn's `authenticate` sets). */
  getUser?: (req: IncomingMessage) => UserInfo | undefined;
  /** How a request becomes attributes: `'kubernetes'` (default), `'nonResource'`, or a mapper. */
  attributes?: 'kubernetes' | 'nonResource' | AttributesMapper;
  /** Told about authorizer failures (500s), for logs. */
  onError?: (err: unknown, req: IncomingMessage) => void;
}

export type AuthorizeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

function isUserInfo(v: unknown): v is UserInfo {
  if (v === null || typeof v !== 'object') return false;
  const u = v as Partial<UserInfo>;
  return typeof u.name === 'string' && Array.isArray(u.groups) && u.groups.every((g) => typeof g === 'string');
}

/** The user `authenticate` set on `req.user`, if it looks like one. */
export function defaultGetUser(req: IncomingMessage): UserInfo | undefined {
  const user = (req as IncomingMessage & { user?: unknown }).user;
  return isUserInfo(user) ? user : undefined;
}

/** The request target as sent (Express keeps it in originalUrl when a router strips a mount path). */
function target(req: IncomingMessage): { path: string; query: URLSearchParams } {
  const original = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  const url = (typeof original === 'string' ? original : req.url) ?? '/';
  const noHash = url.split('#', 1)[0]!;
  const q = noHash.indexOf('?');
  if (q < 0) return { path: noHash || '/', query: new URLSearchParams() };
  return { path: noHash.slice(0, q) || '/', query: new URLSearchParams(noHash.slice(q + 1)) };
}

/** The attributes of a node request: kube's request-info resolution, or all non-resource. */
export function requestAttributes(req: IncomingMessage, user: UserInfo, mode: 'kubernetes' | 'nonResource' = 'kubernetes'): AuthorizationAttributes {
  const method = req.method ?? 'GET';
  const { path, query } = target(req);
  if (mode === 'nonResource') {
    const base = { namespace: '', apiGroup: '', apiVersion: '', resource: '', subresource: '', name: '' };
    return { user, verb: method.toLowerCase(), isResourceRequest: false, path: decodeUrlPath(path), ...base };
  }
  const info = resolveRequestInfo(method, path, query);
  return {
    user,
    verb: info.verb,
    isResourceRequest: info.isResourceRequest,
    path: info.path,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    fieldSelector: info.fieldSelector,
    labelSelector: info.labelSelector,
  };
}

const sanitize = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** kube's responsewriters.Forbidden: the denial message (HTML-escaped), then the authorizer's reason. */
export function forbiddenError(attrs: AuthorizationAttributes, reason: string): StatusError {
  const msg = sanitize(forbiddenMessage(attrs));
  const gr = attrs.isResourceRequest ? { group: attrs.apiGroup, resource: attrs.resource } : { group: '', resource: '' };
  return errors.forbidden(gr, attrs.isResourceRequest ? attrs.name : '', reason ? `${msg}: ${reason}` : msg);
}

/** Write a Status as kube-apiserver writes errors. */
export function writeStatusError(res: ServerResponse, err: StatusError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = Buffer.from(JSON.stringify(err.status), 'utf8');
  res.statusCode = err.status.code;
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

export function authorize(authorizer: Authorizer, options: AuthorizeOptions = {}): AuthorizeMiddleware {
  const getUser = options.getUser ?? defaultGetUser;
  const mode = options.attributes ?? 'kubernetes';
  const toAttributes: AttributesMapper = typeof mode === 'function' ? mode : (req, user) => requestAttributes(req, user, mode);

  async function decide(req: IncomingMessage): Promise<StatusError | undefined> {
    const user = getUser(req);
    if (!user) return errors.unauthorized();
    const attrs = await toAttributes(req, user);
    const d = await authorizer.authorize(attrs);
    return d.decision === 'Allow' ? undefined : forbiddenError(attrs, d.reason);
  }

  return (req, res, next) => {
    decide(req).then(
      (refusal) => {
        if (refusal) {
          writeStatusError(res, refusal);
          return;
        }
        try {
          next();
        } catch (err) {
          // Surface a synchronous throw of what follows as it would surface without this middleware.
          setImmediate(() => {
            throw err;
          });
        }
      },
      (err: unknown) => {
        options.onError?.(err, req);
        writeStatusError(res, isStatusError(err) ? err : errors.internalError(err));
      },
    );
  };
}
