/**
 * `authenticate`: a connect-style middleware for plain node:http, Express, or any framework
 * that exposes node's request and response, with kube-apiserver's authentication filter
 * semantics: the request is authenticated, an error or "no opinion" is a 401 Status (no
 * WWW-Authenticate header, no detail), and on success the user is set on `req.user`, the
 * Authorization header is removed, and so are the front-proxy identity headers when given.
 *
 * @example
 * import express from 'express';
 * const app = express();
 * app.use(authenticate(unionAuthenticators(x509Authenticator({ ca }), bearerAuthenticator(tokens))));
 * app.get('/whoami', (req, res) => res.json(userOf(req)));
 *
 * http.createServer((req, res) => authn(req, res, () => handler(req, res)));
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiRequest, type Authenticator, type UserInfo, errors, fromIncomingMessage } from '@apiserver-kit/core';
import { stripHeaders, type RequestHeaderNames } from './request-header.js';
import { withAudiences } from './wrappers/audiences.js';

/** A node request after `authenticate` let it through. */
export interface AuthenticatedRequest extends IncomingMessage {
  user: UserInfo;
}

export interface AuthenticateOptions {
  /** `--api-audiences`: results valid only for other audiences are refused (see withAudiences). */
  apiAudiences?: readonly string[];
  /** Front-proxy identity headers to remove after authentication (`requestHeaderNames(...)`). */
  requestHeaders?: RequestHeaderNames;
  /** Build the ApiRequest; default core's `fromIncomingMessage`. */
  toApiRequest?: (req: IncomingMessage, res: ServerResponse) => ApiRequest;
  /** Told why a request was refused (for logs); the client only ever sees "Unauthorized". */
  onError?: (err: unknown, req: IncomingMessage) => void;
}

export type AuthenticateMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The user `authenticate` set on a request, if any. */
export function userOf(req: IncomingMessage): UserInfo | undefined {
  return (req as Partial<AuthenticatedRequest>).user;
}

/** Write kube's 401: `{"kind":"Status",...,"message":"Unauthorized","reason":"Unauthorized","code":401}`. */
export function writeUnauthorized(res: ServerResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = Buffer.from(JSON.stringify(errors.unauthorized().status), 'utf8');
  res.statusCode = 401;
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

const authorizationOnly: RequestHeaderNames = { headers: ['authorization'], prefixes: [] };

export function authenticate(authenticator: Authenticator, options: AuthenticateOptions = {}): AuthenticateMiddleware {
  const authn = withAudiences(authenticator, options.apiAudiences ?? []);
  const toApiRequest = options.toApiRequest ?? ((req, res) => fromIncomingMessage(req, { res }));
  return (req, res, next) => {
    let apiRequest: ApiRequest;
    try {
      apiRequest = toApiRequest(req, res);
    } catch (err) {
      next(err);
      return;
    }
    authn.authenticate(apiRequest).then(
      (result) => {
        if (!result) {
          writeUnauthorized(res);
          return;
        }
        (req as AuthenticatedRequest).user = result.user;
        stripHeaders(req, authorizationOnly);
        if (options.requestHeaders) stripHeaders(req, options.requestHeaders);
        try {
          next();
        } catch (err) {
          // What follows threw synchronously: surface it as it would surface without this
          // middleware (an uncaught exception), not as a silently unhandled rejection.
          setImmediate(() => {
            throw err;
          });
        }
      },
      (err: unknown) => {
        options.onError?.(err, req);
        writeUnauthorized(res);
      },
    );
  };
}
