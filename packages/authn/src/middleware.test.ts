import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticatorFn, unionFailOnError } from '@apiserver-kit/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { anonymousAuthenticator } from './anonymous.js';
import { authenticate, userOf, type AuthenticateOptions } from './middleware.js';
import { requestHeaderNames } from './request-header.js';
import { bearerAuthenticator } from './token.js';
import { tokenFileAuthenticator } from './token-file.js';

const tokens = bearerAuthenticator(tokenFileAuthenticator({ s3cret: { name: 'alice', uid: '1', groups: ['dev'] } }));

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  servers = [];
});

async function serve(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A node server whose handler echoes what it saw after the middleware let it through. */
async function echoServer(authn = tokens, options: AuthenticateOptions = {}): Promise<number> {
  const mw = authenticate(authn, options);
  return serve((req, res) =>
    mw(req, res, () => {
      const raw = req.rawHeaders.filter((_, i) => i % 2 === 0).map((h) => h.toLowerCase());
      res.end(JSON.stringify({ user: userOf(req), headers: Object.keys(req.headers), raw }));
    }),
  );
}

describe('authenticate middleware', () => {
  it('answers kube 401 Status JSON, without WWW-Authenticate, when nothing authenticates the request', async () => {
    const port = await echoServer();
    const r = await get(port, '/api');
    expect(r.status).toBe(401);
    expect(r.body).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['www-authenticate']).toBeUndefined();
  });

  it('sets req.user and removes the Authorization header (parsed and raw) on success', async () => {
    const port = await echoServer();
    const r = await get(port, '/', { Authorization: 'Bearer s3cret' });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body) as { user: unknown; headers: string[]; raw: string[] };
    expect(seen.user).toEqual({ name: 'alice', uid: '1', groups: ['dev'] });
    expect(seen.headers).not.toContain('authorization');
    expect(seen.raw).not.toContain('authorization');
  });

  it('answers 401 for an invalid token, tells onError why, and never sends the reason', async () => {
    const seen: unknown[] = [];
    const port = await echoServer(unionFailOnError(tokens, anonymousAuthenticator()), { onError: (err) => seen.push(err) });
    const r = await get(port, '/', { Authorization: 'Bearer wrong' });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ reason: 'Unauthorized', message: 'Unauthorized' });
    expect(seen).toHaveLength(1);
  });

  it('ignores a token in the query string', async () => {
    const port = await echoServer(unionFailOnError(tokens, anonymousAuthenticator()));
    const r = await get(port, '/?access_token=s3cret&token=s3cret');
    expect((JSON.parse(r.body) as { user: { name: string } }).user.name).toBe('system:anonymous');
  });

  it('strips forged front-proxy headers from an authenticated request when told which', async () => {
    const port = await echoServer(tokens, { requestHeaders: requestHeaderNames() });
    const r = await get(port, '/', { Authorization: 'Bearer s3cret', 'X-Remote-User': 'admin', 'X-Remote-Extra-Scopes': 'all' });
    const seen = JSON.parse(r.body) as { headers: string[]; raw: string[] };
    expect(seen.headers.filter((h) => h.startsWith('x-remote-'))).toEqual([]);
    expect(seen.raw.filter((h) => h.startsWith('x-remote-'))).toEqual([]);
  });

  it('refuses a result issued for other audiences when apiAudiences is set', async () => {
    const vaultToken = authenticatorFn(async () => ({ user: { name: 'bob', groups: [] }, audiences: ['vault'] }));
    const port = await echoServer(vaultToken, { apiAudiences: ['https://kubernetes.default.svc'] });
    expect((await get(port, '/')).status).toBe(401);
  });

  it('mounts in an Express app', async () => {
    const app = express();
    app.use(authenticate(tokens));
    app.get('/whoami', (req, res) => {
      res.json(userOf(req));
    });
    const port = await serve(app);
    expect((await get(port, '/whoami')).status).toBe(401);
    const ok = await get(port, '/whoami', { Authorization: 'Bearer s3cret' });
    expect(JSON.parse(ok.body)).toEqual({ name: 'alice', uid: '1', groups: ['dev'] });
  });
});
