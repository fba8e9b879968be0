/**
 * Kubernetes-style answers for an Express app: every failure is a `Status` body with the
 * reason and code kube-apiserver would send, and authorization is a plain group check —
 * `requireGroup('admins')` — with kube's 403 wording for a non-resource path.
 *
 * @example
 * app.get('/api/admin', requireGroup('admins'), (req, res) => res.json({ ok: true }));
 * app.use(notFoundHandler);
 * app.use(statusErrorHandler());
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { type StatusError, errors, forbiddenMessage, isStatusError } from '@apiserver-kit/core';
import { userOf } from '@apiserver-kit/authn';

/** Write a StatusError as kube-apiserver does: its Status as JSON, with its HTTP code and headers. */
export function sendStatus(res: Response, err: StatusError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(err.httpCode).set(err.headers).set('Cache-Control', 'no-cache, private').json(err.status);
}

/** The request path without the query, as a non-resource authorization attribute. */
function pathOf(req: Request): string {
  const url = req.originalUrl || req.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Let the request through only when the authenticated user is in `group`; otherwise 403
 * `forbidden: User "bob" cannot get path "/api/admin"` (kube's message for a non-resource path,
 * whose verb is the lower-cased HTTP method).
 */
export function requireGroup(group: string): RequestHandler {
  return (req, res, next) => {
    const user = userOf(req);
    if (!user) {
      sendStatus(res, errors.unauthorized());
      return;
    }
    if (user.groups.includes(group)) {
      next();
      return;
    }
    const message = forbiddenMessage({
      user,
      verb: req.method.toLowerCase(),
      isResourceRequest: false,
      path: pathOf(req),
      namespace: '',
      apiGroup: '',
      apiVersion: '',
      resource: '',
      subresource: '',
      name: '',
    });
    sendStatus(res, errors.forbidden({ group: '', resource: '' }, '', message));
  };
}

/** The last route: kube's 404 for a path nobody serves. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  sendStatus(res, errors.pathNotFound());
};

interface HttpishError {
  status?: unknown;
  type?: unknown;
  message?: unknown;
}

/** A StatusError for what a route or body parser threw; unknown errors reveal nothing. */
export function toStatus(err: unknown): StatusError {
  if (isStatusError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpishError;
  // body-parser's errors (express.json): malformed JSON, too large, unsupported charset.
  if (e.status === 400 && e.type === 'entity.parse.failed') return errors.badRequest(`invalid JSON body: ${String(e.message)}`);
  if (e.status === 413) return errors.requestEntityTooLarge('limit is 16kb');
  if (e.status === 415) return errors.unsupportedMediaType('', ['application/json']);
  if (e.status === 400) return errors.badRequest(String(e.message));
  return errors.internalError('an error on the server prevented the request from succeeding');
}

/** The error handler: a Status body for everything; `onError` hears unexpected (500) errors. */
export function statusErrorHandler(onError?: (err: unknown, req: Request) => void): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const status = toStatus(err);
    if (status.httpCode >= 500) onError?.(err, req);
    sendStatus(res, status);
  };
}
