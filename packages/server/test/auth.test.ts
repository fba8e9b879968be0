/**
 * Authentication and authorization plumbing over HTTP with tiny inline implementations:
 * 401 without a user, kube's 403 wording on denial, the user reaching admission, and the
 * credential hidden from everything after authentication.
 */
import {
  type AuthorizationAttributes,
  type ValidatingPlugin,
  allow,
  authenticatorFn,
  authorizerFn,
  deny,
  errors,
  noOpinion,
} from '@apiserver-kit/core';
import type { Filter } from '@apiserver-kit/server';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, cmPath, configMap, startServer } from './helpers.js';

afterEach(closeAll);

/** Bearer tokens: "alice-token" is alice, "bob-token" is bob; anything else is no opinion. */
const tokens = authenticatorFn(async (req) => {
  const auth = req.headers.authorization;
  if (auth === 'Bearer alice-token') return { user: { name: 'alice', groups: ['system:authenticated'] } };
  if (auth === 'Bearer bob-token') return { user: { name: 'bob', groups: ['system:authenticated'] } };
  if (auth === 'Bearer expired') throw errors.unauthorized('token has expired');
  return null;
});

/** alice may do anything; bob is denied configmaps, with a reason on deletes; else no opinion. */
const policy = authorizerFn(async (a: AuthorizationAttributes) => {
  if (a.user.name === 'alice') return allow();
  if (a.resource === 'configmaps') return a.verb === 'delete' ? deny('deletes are off today') : deny();
  return noOpinion();
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('authentication', () => {
  it('answers 401 Unauthorized when no authenticator knows the request', async () => {
    const s = await startServer({ authenticator: tokens, authorizer: policy });
    for (const headers of [{}, as('who-knows')]) {
      const r = await s.request('GET', cmPath(), { headers });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('answers 401 for a credential the authenticator rejects', async () => {
    const s = await startServer({ authenticator: tokens, authorizer: policy });
    const r = await s.request('GET', cmPath(), { headers: as('expired') });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ reason: 'Unauthorized', code: 401 });
  });

  it('hides the Authorization header from everything after authentication', async () => {
    const seen: unknown[] = [];
    const spy: Filter = async (x, next) => {
      seen.push(x.req.headers.authorization, x.raw.headers.authorization, x.raw.rawHeaders.some((h) => /bearer/i.test(h)));
      return next(x);
    };
    const s = await startServer({ authenticator: tokens, authorizer: policy, filters: [spy] });
    expect((await s.request('GET', cmPath(), { headers: as('alice-token') })).status).toBe(200);
    expect(seen).toEqual([undefined, undefined, false]);
  });

  it('hands the authenticated user to admission', async () => {
    const users: string[] = [];
    const recorder: ValidatingPlugin = {
      name: 'Recorder',
      async validate(a) {
        if (a.resource.resource === 'configmaps') users.push(`${a.operation} ${a.user.name}`);
      },
    };
    const s = await startServer({ authenticator: tokens, authorizer: policy, admission: { validating: [recorder] } });
    expect((await s.request('POST', cmPath(), { body: configMap('a'), headers: as('alice-token') })).status).toBe(201);
    expect(users).toEqual(['CREATE alice']);
  });
});

describe('authorization', () => {
  it("answers a denial with 403 and kube's wording", async () => {
    const s = await startServer({ authenticator: tokens, authorizer: policy });
    const r = await s.request('GET', cmPath('default', 'x'), { headers: as('bob-token') });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "x" is forbidden: User "bob" cannot get resource "configmaps" in API group "" in the namespace "default"',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'configmaps' },
      code: 403,
    });
  });

  it('appends the authorizer reason and words collection, cluster-scoped and path requests as kube does', async () => {
    const s = await startServer({ authenticator: tokens, authorizer: policy });
    const del = await s.request('DELETE', cmPath('default', 'x'), { headers: as('bob-token') });
    expect(del.body.message).toBe(
      'configmaps "x" is forbidden: User "bob" cannot delete resource "configmaps" in API group "" in the namespace "default": deletes are off today',
    );
    const list = await s.request('GET', '/api/v1/configmaps', { headers: as('bob-token') });
    expect(list.status).toBe(403);
    expect(list.body.message).toBe('configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" at the cluster scope');
    // kube's RequestInfo takes a namespace's own name as its namespace.
    const ns = await s.request('GET', '/api/v1/namespaces/default', { headers: as('bob-token') });
    expect(ns.status).toBe(403);
    expect(ns.body.message).toBe('namespaces "default" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "default"');
    const nsList = await s.request('GET', '/api/v1/namespaces', { headers: as('bob-token') });
    expect(nsList.body.message).toBe('namespaces is forbidden: User "bob" cannot list resource "namespaces" in API group "" at the cluster scope');
    const path = await s.request('GET', '/version', { headers: as('bob-token') });
    expect(path.status).toBe(403);
    expect(path.body).toMatchObject({ reason: 'Forbidden', message: 'forbidden: User "bob" cannot get path "/version"' });
  });

  it('lets an allowed user through', async () => {
    const s = await startServer({ authenticator: tokens, authorizer: policy });
    expect((await s.request('POST', cmPath(), { body: configMap('a'), headers: as('alice-token') })).status).toBe(201);
    expect((await s.request('GET', cmPath('default', 'a'), { headers: as('alice-token') })).status).toBe(200);
  });
});
