import type { AuthorizationAttributes } from '@apiserver-kit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type WebhookAuthorizerOptions, webhookAuthorizer } from './authorizer.js';
import { type SarServer, sendJson, startSarServer } from './testdata/sar-server.js';

let server: SarServer;
beforeAll(async () => {
  server = await startSarServer();
});
afterAll(() => server.close());
afterEach(() => {
  vi.useRealTimers();
});

function webhook(extra: Partial<WebhookAuthorizerOptions> = {}) {
  server.seen = [];
  return webhookAuthorizer({
    url: server.url,
    caPem: server.caPem,
    clientCertPem: server.client.certPem,
    clientKeyPem: server.client.keyPem,
    retry: { attempts: 3, backoffMs: 1 },
    ...extra,
  });
}

const jane = { name: 'jane', uid: '42', groups: ['dev', 'system:authenticated'], extra: { scopes: ['b', 'a'], 'acme.com/team': ['x'] } };

function resource(overrides: Partial<AuthorizationAttributes> = {}): AuthorizationAttributes {
  return {
    user: jane,
    verb: 'get',
    isResourceRequest: true,
    path: '/apis/apps/v1/namespaces/dev/deployments/web/scale',
    namespace: 'dev',
    apiGroup: 'apps',
    apiVersion: 'v1',
    resource: 'deployments',
    subresource: 'scale',
    name: 'web',
    ...overrides,
  };
}

const healthz: AuthorizationAttributes = {
  user: { name: 'bob', groups: [] },
  verb: 'get',
  isResourceRequest: false,
  path: '/healthz',
  namespace: '',
  apiGroup: '',
  apiVersion: '',
  resource: '',
  subresource: '',
  name: '',
};

describe('webhookAuthorizer', () => {
  it('POSTs a v1 SubjectAccessReview over mutual TLS with the bearer token, and allows what the webhook allows', async () => {
    server.answer = { allowed: true, reason: 'jane scales web' };
    const d = await webhook({ bearerToken: 'hook-secret' }).authorize(resource());
    expect(d).toEqual({ decision: 'Allow', reason: 'jane scales web' });
    expect(server.seen).toHaveLength(1);
    const seen = server.seen[0]!;
    expect(seen.clientCN).toBe('kube-apiserver');
    expect(seen.headers.authorization).toBe('Bearer hook-secret');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toEqual({
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: { namespace: 'dev', verb: 'get', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'scale', name: 'web' },
        user: 'jane',
        groups: ['dev', 'system:authenticated'],
        extra: { 'acme.com/team': ['x'], scopes: ['b', 'a'] },
        uid: '42',
      },
      status: { allowed: false },
    });
  });

  it('sends nonResourceAttributes for a non-resource request, and speaks v1beta1 (group, not groups) when asked', async () => {
    server.answer = {};
    await webhook({ version: 'v1beta1' }).authorize({ ...healthz, user: { name: 'bob', groups: ['ops'] } });
    expect(server.seen[0]!.body).toMatchObject({
      apiVersion: 'authorization.k8s.io/v1beta1',
      spec: { nonResourceAttributes: { path: '/healthz', verb: 'get' }, user: 'bob', group: ['ops'] },
    });
    expect((server.seen[0]!.body.spec as Record<string, unknown>).groups).toBeUndefined();
  });

  it('sends the selector requirements of a list, as kube does with AuthorizeWithSelectors', async () => {
    server.answer = { allowed: true };
    await webhook().authorize(
      resource({ verb: 'list', name: '', subresource: '', fieldSelector: 'spec.nodeName=n1,status.phase!=Failed', labelSelector: 'app in (web),!legacy,tier' }),
    );
    const attrs = (server.seen[0]!.body.spec as { resourceAttributes: Record<string, unknown> }).resourceAttributes;
    expect(attrs.fieldSelector).toEqual({
      requirements: [
        { key: 'spec.nodeName', operator: 'In', values: ['n1'] },
        { key: 'status.phase', operator: 'NotIn', values: ['Failed'] },
      ],
    });
    expect(attrs.labelSelector).toMatchObject({
      requirements: expect.arrayContaining([
        { key: 'app', operator: 'In', values: ['web'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'Exists' },
      ]) as unknown,
    });
  });

  it.each([
    [{ denied: true, reason: 'no writes on Fridays' }, { decision: 'Deny', reason: 'no writes on Fridays' }],
    [{ allowed: false, reason: 'not my business' }, { decision: 'NoOpinion', reason: 'not my business' }],
    [{}, { decision: 'NoOpinion', reason: '' }],
    [{ allowed: true, denied: true, reason: 'confused' }, { decision: 'Deny', reason: 'confused' }],
    [{ allowed: true, denied: true }, { decision: 'Deny', reason: 'webhook subject access review returned both allow and deny response' }],
  ])('answers %j as %j', async (status, decision) => {
    server.answer = status;
    expect(await webhook().authorize(resource())).toEqual(decision);
  });

  it('asks once for repeated attributes and again for any attribute that differs', async () => {
    server.answer = { allowed: true };
    const authz = webhook();
    await authz.authorize(resource());
    await authz.authorize(resource());
    expect(server.seen).toHaveLength(1);
    await authz.authorize(resource({ verb: 'update' }));
    await authz.authorize(resource({ user: { ...jane, extra: { scopes: ['a'] } } }));
    await authz.authorize(resource({ user: { ...jane, groups: ['dev'] } }));
    expect(server.seen).toHaveLength(4);
    await authz.authorize(resource({ verb: 'update' }));
    expect(server.seen).toHaveLength(4);
    authz.clearCache();
    await authz.authorize(resource());
    expect(server.seen).toHaveLength(5);
  });

  it('keeps allowed answers for the authorized TTL and the others for the unauthorized TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const authz = webhook({ allowCacheTTL: 300_000, denyCacheTTL: 30_000 });
    const allowed = resource();
    const refused = resource({ verb: 'delete' });
    server.answer = (review, res) => {
      const verb = (review.spec as { resourceAttributes: { verb: string } }).resourceAttributes.verb;
      sendJson(res, 200, { ...review, status: verb === 'get' ? { allowed: true } : { allowed: false, denied: true } });
    };
    await authz.authorize(allowed);
    await authz.authorize(refused);
    expect(server.seen).toHaveLength(2);

    vi.setSystemTime(start + 29_000);
    expect((await authz.authorize(refused)).decision).toBe('Deny');
    expect(server.seen).toHaveLength(2);

    vi.setSystemTime(start + 31_000);
    await authz.authorize(refused);
    expect(server.seen).toHaveLength(3);
    await authz.authorize(allowed);
    expect(server.seen).toHaveLength(3);

    vi.setSystemTime(start + 301_000);
    expect((await authz.authorize(allowed)).decision).toBe('Allow');
    expect(server.seen).toHaveLength(4);
  });

  it('does not cache when a TTL is 0, nor answers for oversized attributes', async () => {
    server.answer = { allowed: true };
    const noCache = webhook({ allowCacheTTL: 0 });
    await noCache.authorize(resource());
    await noCache.authorize(resource());
    expect(server.seen).toHaveLength(2);
    const authz = webhook();
    const huge = resource({ name: 'x'.repeat(10_000) });
    await authz.authorize(huge);
    await authz.authorize(huge);
    expect(server.seen).toHaveLength(2);
  });

  it('retries 500, 504 and 429 answers and succeeds when the webhook recovers', async () => {
    let calls = 0;
    server.answer = (review, res) => {
      calls++;
      if (calls === 1) sendJson(res, 500, {});
      else if (calls === 2) sendJson(res, 429, {});
      else sendJson(res, 200, { ...review, status: { allowed: true } });
    };
    expect((await webhook().authorize(resource())).decision).toBe('Allow');
    expect(server.seen).toHaveLength(3);
  });

  it('applies the failure policy once retries run out, and never caches a failure', async () => {
    server.answer = (_r, res) => sendJson(res, 500, { kind: 'Status', message: 'database is down' });
    const errors: Error[] = [];
    const authz = webhook({ onError: (e) => errors.push(e) });
    expect(await authz.authorize(resource())).toEqual({
      decision: 'NoOpinion',
      reason: `Failed to make webhook authorizer request: Post "${server.url}": the webhook answered HTTP 500: database is down`,
    });
    expect(server.seen).toHaveLength(3);
    expect(errors).toHaveLength(1);
    server.answer = { allowed: true };
    expect((await authz.authorize(resource())).decision).toBe('Allow');
  });

  it('does not retry other HTTP errors, and fails closed with failurePolicy Deny', async () => {
    server.answer = (_r, res) => sendJson(res, 403, {});
    expect(await webhook({ failurePolicy: 'Deny' }).authorize(resource())).toEqual({
      decision: 'Deny',
      reason: `Failed to make webhook authorizer request: Post "${server.url}": the webhook answered HTTP 403`,
    });
    expect(server.seen).toHaveLength(1);
  });

  it('fails by policy when the webhook does not answer in time', async () => {
    server.answer = () => undefined; // never answers
    const d = await webhook({ timeoutMs: 100, failurePolicy: 'Deny' }).authorize(resource());
    expect(d).toEqual({ decision: 'Deny', reason: `Failed to make webhook authorizer request: Post "${server.url}": context deadline exceeded` });
    expect(server.seen).toHaveLength(1);
    expect((await webhook({ timeoutMs: 100 }).authorize(resource())).decision).toBe('NoOpinion');
  });

  it('fails by policy on an answer that is not a SubjectAccessReview', async () => {
    server.answer = (_r, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
    };
    expect((await webhook({ failurePolicy: 'Deny' }).authorize(resource())).reason).toBe(
      `Failed to make webhook authorizer request: Post "${server.url}": the webhook answered with a body that is not JSON`,
    );
    server.answer = { allowed: 'yes' };
    expect((await webhook().authorize(resource())).reason).toMatch(/status\.allowed is not a boolean$/);
  });

  it('fails by policy when the webhook is unreachable or its certificate is not trusted', async () => {
    const refused = webhookAuthorizer({ url: 'https://127.0.0.1:1/authorize', retry: { backoffMs: 1 }, failurePolicy: 'Deny' });
    expect(await refused.authorize(resource())).toEqual({
      decision: 'Deny',
      reason: 'Failed to make webhook authorizer request: Post "https://127.0.0.1:1/authorize": connect: connection refused',
    });
    const untrusted = webhookAuthorizer({ url: server.url, clientCertPem: server.client.certPem, clientKeyPem: server.client.keyPem, retry: { attempts: 1 } });
    expect((await untrusted.authorize(resource())).reason).toMatch(/^Failed to make webhook authorizer request: Post ".*": .*certificate/);
  });

  it('cannot list rules, as kube says', () => {
    const { rules, errors } = webhook().rulesFor(jane, 'dev');
    expect(rules).toEqual([]);
    expect(errors.map(String)).toEqual(['Error: webhook authorizer does not support user rule resolution']);
  });
});
