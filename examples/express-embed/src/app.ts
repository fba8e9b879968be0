/**
 * An ordinary Express 5 app whose routes are guarded by @apiserver-kit/authn alone:
 * client certificates and static bearer tokens authenticate, `system:authenticated` is added,
 * and authorization is a plain group check in the app (no RBAC).
 *
 * | route | who |
 * |---|---|
 * | `GET /public/health` | anyone; not authenticated at all |
 * | `GET /api/me` | any authenticated user; answers with the user |
 * | `GET /api/notes`, `POST /api/notes` | any authenticated user |
 * | `GET /api/admin` | members of `admins` |
 *
 * No or an invalid credential: 401 Status. With `anonymous`, a request without credentials is
 * `system:anonymous`, which is not in `system:authenticated`, so every `/api` route answers it
 * 403 — as kube-apiserver answers anonymous requests for paths its policy does not open.
 *
 * @example
 * const app = createApp({ tokenFile: 's3cret,alice,uid-1,"admins"', anonymous: false });
 * app.listen(8080);
 * // curl -H 'Authorization: Bearer s3cret' localhost:8080/api/me
 */
import express, { type Express, type Request, type Router } from 'express';
import { Groups } from '@apiserver-kit/core';
import { authenticate, userOf } from '@apiserver-kit/authn';
import { type AuthnOptions, appAuthenticator } from './authn.js';
import { NoteStore, notesRouter } from './notes.js';
import { notFoundHandler, requireGroup, statusErrorHandler } from './status.js';

export interface AppOptions extends AuthnOptions {
  /** The group allowed on `/api/admin`; default `admins`. */
  adminGroup?: string;
  /** More routes under `/api`, behind authentication; they make their own group checks. */
  extend?: (api: Router) => void;
  /** Hears why a request was refused with 401, and unexpected (500) errors; clients see neither. */
  onError?: (err: unknown, req: Request) => void;
}

export function createApp(options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/public/health', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  app.use(authenticate(appAuthenticator(options), { onError: (err, req) => options.onError?.(err, req as Request) }));

  const api = express.Router();
  api.use(requireGroup(Groups.allAuthenticated));
  api.get('/me', (req, res) => {
    res.json(userOf(req));
  });
  api.use('/notes', notesRouter(new NoteStore()));
  api.get('/admin', requireGroup(options.adminGroup ?? 'admins'), (req, res) => {
    res.json({ message: `welcome, ${userOf(req)?.name ?? ''}` });
  });
  options.extend?.(api);
  app.use('/api', api);

  app.use(notFoundHandler);
  app.use(statusErrorHandler(options.onError));
  return app;
}
