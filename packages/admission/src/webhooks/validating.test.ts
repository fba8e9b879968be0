import { type StatusError, isStatusError } from '@apiserver-kit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryWebhookConfigSource } from './source.js';
import { attrsFor, configMap, namespaceLookup, validatingConfig, validatingHook } from './testdata/fixtures.js';
import { type WebhookServer, deadUrl, reviewAnswer, sendJson, startWebhookServer } from './testdata/webhook-server.js';
import type { ValidatingWebhook } from './types.js';
import { validatingWebhooks } from './validating.js';

let server: WebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(() => server.close());

const source = memoryWebhookConfigSource();
const plugin = validatingWebhooks({ source, namespaceLookup });

beforeEach(() => {
  source.clear();
  server.seen.length = 0;
  server.answers.clear();
});

function use(...webhooks: ValidatingWebhook[]) {
  source.set(validatingConfig('policy', webhooks));
}

const hook = (name: string, path: string, extra: Partial<ValidatingWebhook> = {}) =>
  validatingHook(name, server.url(path), server.caBundle, extra);

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStatusError(err)) throw new Error(`expected a StatusError, got ${String(err)}`);
  return err;
}

describe('validatingWebhooks', () => {
  it('POSTs an AdmissionReview v1 with ?timeout and lets an allowed request through', async () => {
    use(hook('allow.example.com', '/allow'));
    const attrs = attrsFor(configMap());
    await plugin.validate(attrs);
    expect(server.seen).toHaveLength(1);
    const call = server.seen[0]!;
    expect(call.path).toBe('/allow');
    expect(call.query).toBe('?timeout=10s');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.review).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
    expect(call.request.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call.request).toMatchObject({
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
      requestResource: { group: '', version: 'v1', resource: 'configmaps' },
      name: 'cfg',
      namespace: 'dev',
      operation: 'CREATE',
      userInfo: { username: 'jane', uid: '42', groups: ['dev', 'system:authenticated'], extra: { scopes: ['a'] } },
      object: configMap(),
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    });
    expect(attrs.warnings).toEqual([]);
  });

  it("denies with the webhook's message and status code", async () => {
    use(hook('deny.example.com', '/deny'));
    server.answers.set('/deny', { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'configmaps need an owner' } });
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'admission webhook "deny.example.com" denied the request: configmaps need an owner',
      reason: 'Forbidden',
      code: 403,
    });
  });

  it('answers 400 "without explanation" for a bare denial, and never a code below 400', async () => {
    use(hook('deny.example.com', '/deny'));
    server.answers.set('/deny', { allowed: false });
    let err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toBe('admission webhook "deny.example.com" denied the request without explanation');
    expect(err.status.code).toBe(400);
    server.answers.set('/deny', { allowed: false, status: { code: 200, message: 'nope' } });
    err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.code).toBe(400);
    expect(err.status.message).toBe('admission webhook "deny.example.com" denied the request: nope');
  });

  it('records warnings as they are, also on a denial', async () => {
    use(hook('warn.example.com', '/warn'));
    server.answers.set('/warn', { allowed: true, warnings: ['deprecated field spec.x', 'second'] });
    const attrs = attrsFor(configMap());
    await plugin.validate(attrs);
    expect(attrs.warnings).toEqual(['deprecated field spec.x', 'second']);
    server.answers.set('/warn', { allowed: false, warnings: ['before denial'] });
    const denied = attrsFor(configMap());
    await rejection(plugin.validate(denied));
    expect(denied.warnings).toEqual(['before denial']);
  });

  it('calls webhooks in parallel: each waits for the other to be called before answering', async () => {
    use(hook('a.example.com', '/a', { timeoutSeconds: 5 }), hook('b.example.com', '/b', { timeoutSeconds: 5 }));
    const waiting: Array<() => void> = [];
    const answerWhenBothArrived = (request: Record<string, unknown>, res: import('node:http').ServerResponse) => {
      waiting.push(() => sendJson(res, 200, reviewAnswer(request, { allowed: true })));
      if (waiting.length === 2) for (const send of waiting) send();
    };
    server.answers.set('/a', answerWhenBothArrived);
    server.answers.set('/b', answerWhenBothArrived);
    await plugin.validate(attrsFor(configMap()));
    expect(server.seen.map((s) => s.path).sort()).toEqual(['/a', '/b']);
  });

  it('rejects with the first denial to arrive', async () => {
    use(hook('slow.example.com', '/slow', { timeoutSeconds: 5 }), hook('fast.example.com', '/fast'));
    let releaseSlow: (() => void) | undefined;
    server.answers.set('/slow', (request, res) => {
      releaseSlow = () => sendJson(res, 200, reviewAnswer(request, { allowed: false, status: { message: 'slow says no' } }));
    });
    server.answers.set('/fast', (request, res) => {
      sendJson(res, 200, reviewAnswer(request, { allowed: false, status: { message: 'fast says no' } }));
      const release = () => (releaseSlow ? releaseSlow() : setTimeout(release, 5));
      setTimeout(release, 20);
    });
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toBe('admission webhook "fast.example.com" denied the request: fast says no');
  });

  it('fails closed with a 500 when the webhook is down and failurePolicy is Fail', async () => {
    const url = await deadUrl();
    const port = new URL(url).port;
    use(validatingHook('down.example.com', url, server.caBundle));
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    const message = `failed calling webhook "down.example.com": failed to call webhook: Post "https://127.0.0.1:${port}/?timeout=10s": dial tcp 127.0.0.1:${port}: connect: connection refused`;
    expect(err.status).toMatchObject({ code: 500, reason: 'InternalError', message: `Internal error occurred: ${message}` });
    expect(err.status.details).toEqual({ causes: [{ message }] });
  });

  it('skips a webhook that is down when failurePolicy is Ignore, and still calls the others', async () => {
    use(validatingHook('down.example.com', await deadUrl(), server.caBundle, { failurePolicy: 'Ignore' }), hook('up.example.com', '/up'));
    const attrs = attrsFor(configMap());
    await plugin.validate(attrs);
    expect(server.seen.map((s) => s.path)).toEqual(['/up']);
    expect(attrs.warnings).toEqual([]);
  });

  it('gives up on a hung webhook after timeoutSeconds: Fail rejects, Ignore lets the request through', async () => {
    server.answers.set('/hang', 'hang');
    use(hook('hung.example.com', '/hang', { timeoutSeconds: 1 }));
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(server.seen[0]!.query).toBe('?timeout=1s');
    expect(err.status.code).toBe(500);
    expect(err.status.message).toBe(
      `Internal error occurred: failed calling webhook "hung.example.com": failed to call webhook: Post "${server.url('/hang')}?timeout=1s": context deadline exceeded`,
    );
    use(hook('hung.example.com', '/hang', { timeoutSeconds: 1, failurePolicy: 'Ignore' }));
    await expect(plugin.validate(attrsFor(configMap()))).resolves.toBeUndefined();
  });

  it('treats an answer with the wrong uid as a failed call', async () => {
    use(hook('liar.example.com', '/liar'));
    server.answers.set('/liar', (request, res) => sendJson(res, 200, reviewAnswer({ uid: 'not-it' }, { allowed: true })));
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toMatch(
      /^Internal error occurred: failed calling webhook "liar.example.com": received invalid webhook response: expected response.uid="[0-9a-f-]{36}", got "not-it"$/,
    );
  });

  it('reports a non-2xx answer the way client-go does', async () => {
    use(hook('broken.example.com', '/broken'));
    server.answers.set('/broken', (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toBe(
      'Internal error occurred: failed calling webhook "broken.example.com": failed to call webhook: an error on the server ("boom") has prevented the request from succeeding',
    );
  });

  it('refuses dry-run requests for webhooks with side effects, with a 400', async () => {
    use(hook('effects.example.com', '/effects', { sideEffects: 'Some' }));
    const err = await rejection(plugin.validate(attrsFor(configMap(), { dryRun: true })));
    expect(err.status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'admission webhook "effects.example.com" does not support dry run',
    });
    expect(server.seen).toHaveLength(0);
    use(hook('effects.example.com', '/effects', { sideEffects: 'NoneOnDryRun' }));
    await plugin.validate(attrsFor(configMap(), { dryRun: true }));
    expect(server.seen[0]!.request).toMatchObject({ dryRun: true, options: { kind: 'CreateOptions', dryRun: ['All'] } });
  });

  it('only calls webhooks whose rules match, subresources included', async () => {
    use(
      hook('main.example.com', '/main'),
      hook('status.example.com', '/status', {
        rules: [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps/status'] }],
      }),
    );
    await plugin.validate(attrsFor(configMap(), { operation: 'UPDATE', subresource: 'status', oldObject: configMap() }));
    expect(server.seen.map((s) => s.path)).toEqual(['/status']);
    expect(server.seen[0]!.request).toMatchObject({ subResource: 'status', requestSubResource: 'status', operation: 'UPDATE' });
  });

  it('selects by namespace labels and object labels', async () => {
    use(
      hook('prod.example.com', '/prod', { namespaceSelector: { matchLabels: { env: 'prod' } } }),
      hook('web.example.com', '/web', { objectSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] } }),
    );
    await plugin.validate(attrsFor(configMap('a', 'dev', { app: 'web' })));
    await plugin.validate(attrsFor(configMap('b', 'prod', { app: 'db' })));
    expect(server.seen.map((s) => `${s.path} ${String(s.request.name)}`)).toEqual(['/web a', '/prod b']);
  });

  it('answers 404 for a namespace that does not exist when a namespaceSelector needs it', async () => {
    use(hook('prod.example.com', '/prod', { namespaceSelector: { matchLabels: { env: 'prod' } } }));
    const err = await rejection(plugin.validate(attrsFor(configMap('a', 'missing'))));
    expect(err.status).toMatchObject({ code: 404, message: 'namespaces "missing" not found' });
  });

  it('never sends webhook configurations to webhooks', async () => {
    use(hook('all.example.com', '/all', { rules: [{ operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*/*'] }] }));
    const cfg = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'x' } };
    await plugin.validate(
      attrsFor(cfg, {
        kind: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
        resource: { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations' },
        namespace: '',
      }),
    );
    expect(server.seen).toHaveLength(0);
    await plugin.validate(attrsFor(configMap()));
    expect(server.seen).toHaveLength(1);
  });

  it('sees configuration changes on the next request', async () => {
    use(hook('v1.example.com', '/one'));
    await plugin.validate(attrsFor(configMap()));
    source.set(validatingConfig('policy', [hook('v2.example.com', '/two')]));
    await plugin.validate(attrsFor(configMap()));
    source.delete('ValidatingWebhookConfiguration', 'policy');
    await plugin.validate(attrsFor(configMap()));
    expect(server.seen.map((s) => s.path)).toEqual(['/one', '/two']);
  });

  it("refuses requests with kube's Forbidden until the source is ready", async () => {
    const notReady = validatingWebhooks({ source: { ...source, validating: () => [], mutating: () => [], ready: () => false }, namespaceLookup });
    const err = await rejection(notReady.validate(attrsFor(configMap())));
    expect(err.status).toMatchObject({ code: 403, message: 'configmaps "cfg" is forbidden: not yet ready to handle request' });
  });

  it('calls a service reference through resolveService, verifying the service DNS name', async () => {
    const svcHook = (extra: Partial<ValidatingWebhook> = {}) =>
      validatingHook('svc.example.com', '', server.caBundle, {
        clientConfig: { service: { namespace: 'webhooks', name: 'hook', path: '/svc' }, caBundle: server.caBundle },
        ...extra,
      });
    use(svcHook());
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toBe(
      'Internal error occurred: failed calling webhook "svc.example.com": failed to call webhook: Post "https://hook.webhooks.svc:443/svc?timeout=10s": service resolution not supported',
    );
    const resolved: string[] = [];
    const withResolver = validatingWebhooks({
      source,
      namespaceLookup,
      resolveService: (namespace, name, port, path) => {
        resolved.push(`${namespace}/${name}:${port}${path}`);
        return server.url(path);
      },
    });
    await withResolver.validate(attrsFor(configMap()));
    expect(resolved).toEqual(['webhooks/hook:443/svc']);
    expect(server.seen.map((s) => `${s.path}${s.query}`)).toEqual(['/svc?timeout=10s']);
  });

  it('fails the call when the server certificate is not signed by caBundle (system roots without one)', async () => {
    use(hook('tls.example.com', '/tls', { clientConfig: { url: server.url('/tls') } }));
    const err = await rejection(plugin.validate(attrsFor(configMap())));
    expect(err.status.message).toBe(
      `Internal error occurred: failed calling webhook "tls.example.com": failed to call webhook: Post "${server.url('/tls')}?timeout=10s": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
    );
    expect(server.seen).toHaveLength(0);
  });

  it("checks a service's certificate against the service DNS name, not the resolved address", async () => {
    use(
      validatingHook('svc.example.com', '', server.caBundle, {
        clientConfig: { service: { namespace: 'webhooks', name: 'other', path: '/svc' }, caBundle: server.caBundle },
      }),
    );
    const withResolver = validatingWebhooks({ source, namespaceLookup, resolveService: (_ns, _name, _port, path) => server.url(path) });
    const err = await rejection(withResolver.validate(attrsFor(configMap())));
    expect(err.status.message).toContain(
      'Post "https://other.webhooks.svc:443/svc?timeout=10s": tls: failed to verify certificate: x509: certificate is valid for localhost, hook.webhooks.svc, not other.webhooks.svc',
    );
    expect(server.seen).toHaveLength(0);
  });
});
