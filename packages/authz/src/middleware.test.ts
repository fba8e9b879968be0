import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuthorizationAttributes, type Authorizer, type UserInfo, authorizerFn, noOpinion } from '@apiserver-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRbacSource } from './memory-source.js';
import { type AuthorizeOptions, authorize } from './middleware.js';
import { rbacAuthorizer } from './rbac-authorizer.js';

const rbac = 'rbac.authorization.k8s.io';

const source = new MemoryRbacSource([
  { kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/api/notes/*'] }] },
  { kind: 'ClusterRole', metadata: { name: 'pods' }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }] },
  {
    kind: 'ClusterRoleBinding',
    metadata: { name: 'health' },
    subjects: [{ kind: 'Group', apiGroup: rbac, name: 'system:authenticated' }],
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'health' },
  },
  {
    kind: 'RoleBinding',
    metadata: { name: 'alice-pods', namespace: 'dev' },
    subjects: [{ kind: 'User', apiGroup: rbac, name: 'alice' }],
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'pods' },
  },
]);
const rbacAuthz = rbacAuthorizer(source);

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

function send(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A server that sets req.user from the X-User header (name;group,group) as authn would, then authorizes. */
async function app(authz: Authorizer = rbacAuthz, options: AuthorizeOptions = {}, mount = ''): Promise<number> {
  const mw = authorize(authz, options);
  return serve((req, res) => {
    const header = req.headers['x-user'];
    if (typeof header === 'string') {
      const [name, groups] = header.split(';');
      (req as IncomingMessage & { user: UserInfo }).user = { name: name!, groups: groups ? groups.split(',') : [] };
    }
    if (mount && req.url?.startsWith(mount)) {
      // What an Express router does to a mounted app's request.
      (req as IncomingMessage & { originalUrl: string }).originalUrl = req.url;
      req.url = req.url.slice(mount.length) || '/';
    }
    mw(req, res, () => res.end('ok'));
  });
}

describe('authorize middleware', () => {
  it('passes allowed requests on', async () => {
    const port = await app();
    expect((await send(port, '/api/v1/namespaces/dev/pods', { 'x-user': 'alice' })).body).toBe('ok');
    expect((await send(port, '/healthz', { 'x-user': 'bob;system:authenticated' })).body).toBe('ok');
    expect((await send(port, '/healthz', { 'x-user': 'bob;x' })).status).toBe(403);
  });

  it('answers a kube 403 Status for resource requests, naming the object', async () => {
    const port = await app();
    const r = await send(port, '/api/v1/namespaces/dev/secrets/db', { 'x-user': 'alice' });
    expect(r.status).toBe(403);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(r.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "db" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "dev"',
      reason: 'Forbidden',
      details: { name: 'db', kind: 'secrets' },
      code: 403,
    });
  });

  it("appends the authorizer's reason and escapes markup in the message as kube does", async () => {
    const port = await app(authorizerFn(async () => noOpinion('Everything is forbidden.')));
    const r = await send(port, '/x%3Cscript%3E', { 'x-user': 'bob' });
    expect(JSON.parse(r.body).message).toBe('forbidden: User "bob" cannot get path "/x&lt;script&gt;": Everything is forbidden.');
  });

  it('answers 401 when no user was authenticated', async () => {
    const port = await app();
    const r = await send(port, '/healthz');
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).reason).toBe('Unauthorized');
  });

  it('answers 500 when the authorizer fails, and reports the error', async () => {
    const seen: unknown[] = [];
    const failing = authorizerFn(async () => {
      throw new Error('webhook down');
    });
    const port = await app(failing, { onError: (err) => seen.push(err) });
    const r = await send(port, '/healthz', { 'x-user': 'bob' });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body).reason).toBe('InternalError');
    expect(seen).toEqual([new Error('webhook down')]);
  });

  it("reads an app's /api routes as paths with attributes: 'nonResource'", async () => {
    const kube = await app();
    const plain = await app(rbacAuthz, { attributes: 'nonResource' });
    const user = { 'x-user': 'bob;system:authenticated' };
    expect((await send(kube, '/api/notes/1', user)).status).toBe(403);
    const r = await send(plain, '/api/notes/1', user);
    expect(r.body).toBe('ok');
    expect((await send(plain, '/api/notes/1', user, 'DELETE')).status).toBe(403);
  });

  it('authorizes the full path of a request under a mounted router', async () => {
    const seen: AuthorizationAttributes[] = [];
    const recorder = authorizerFn(async (a) => {
      seen.push(a);
      return noOpinion();
    });
    const port = await app(recorder, { attributes: 'nonResource' }, '/admin');
    await send(port, '/admin/users?x=1', { 'x-user': 'bob' }, 'POST');
    expect(seen.map((a) => [a.verb, a.path, a.isResourceRequest])).toEqual([['post', '/admin/users', false]]);
  });

  it('uses a custom user getter and attribute mapper', async () => {
    const port = await app(rbacAuthz, {
      getUser: () => ({ name: 'alice', groups: [] }),
      attributes: (_req, user) => ({
        user,
        verb: 'list',
        isResourceRequest: true,
        path: '',
        namespace: 'dev',
        apiGroup: '',
        apiVersion: 'v1',
        resource: 'pods',
        subresource: '',
        name: '',
      }),
    });
    expect((await send(port, '/anything')).body).toBe('ok');
  });
});
