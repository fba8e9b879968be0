import { type ApiObject, type StatusError, isStatusError } from '@apiserver-kit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mutatingWebhooks } from './mutating.js';
import { memoryWebhookConfigSource } from './source.js';
import { attrsFor, configMap, mutatingConfig, mutatingHook, namespaceLookup } from './testdata/fixtures.js';
import { type WebhookServer, deadUrl, patchOf, startWebhookServer } from './testdata/webhook-server.js';
import type { MutatingWebhook } from './types.js';

let server: WebhookServer;
beforeAll(async () => {
  server = await startWebhookServer();
});
afterAll(() => server.close());

const source = memoryWebhookConfigSource();
const plugin = mutatingWebhooks({ source, namespaceLookup });

beforeEach(() => {
  source.clear();
  server.seen.length = 0;
  server.answers.clear();
});

const hook = (name: string, path: string, extra: Partial<MutatingWebhook> = {}) =>
  mutatingHook(name, server.url(path), server.caBundle, extra);

/** An answer that adds a label (a JSONPatch). */
const addLabel = (key: string, value: string) => ({
  allowed: true,
  patchType: 'JSONPatch',
  patch: patchOf([{ op: 'add', path: `/metadata/labels/${key.replace('/', '~1')}`, value }]),
});

async function rejection(p: Promise<unknown>): Promise<StatusError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStatusError(err)) throw new Error(`expected a StatusError, got ${String(err)}`);
  return err;
}

const labelsSeen = () => server.seen.map((s) => (s.request.object as ApiObject).metadata.labels);

describe('mutatingWebhooks', () => {
  it("applies the webhook's JSON patch to the request's object in place", async () => {
    source.set(mutatingConfig('inject', [hook('label.example.com', '/label')]));
    server.answers.set('/label', addLabel('team', 'core'));
    const obj = configMap();
    const attrs = attrsFor(obj);
    await plugin.admit(attrs);
    expect(attrs.object).toBe(obj);
    expect(obj.metadata.labels).toEqual({ team: 'core' });
    expect(obj.data).toEqual({ a: '1' });
  });

  it('runs configurations in name order and webhooks in configuration order, each seeing the previous patches', async () => {
    source.set(mutatingConfig('b-second', [hook('b1.example.com', '/b1')]));
    source.set(mutatingConfig('a-first', [hook('a1.example.com', '/a1'), hook('a2.example.com', '/a2')]));
    server.answers.set('/a1', addLabel('a1', 'x'));
    server.answers.set('/a2', addLabel('a2', 'x'));
    server.answers.set('/b1', addLabel('b1', 'x'));
    const attrs = attrsFor(configMap());
    await plugin.admit(attrs);
    expect(server.seen.map((s) => s.path)).toEqual(['/a1', '/a2', '/b1']);
    expect(labelsSeen()).toEqual([{}, { a1: 'x' }, { a1: 'x', a2: 'x' }]);
    expect(attrs.object!.metadata.labels).toEqual({ a1: 'x', a2: 'x', b1: 'x' });
  });

  it('re-runs IfNeeded webhooks that ran before a later webhook changed the object, once', async () => {
    source.set(
      mutatingConfig('chain', [
        hook('first.example.com', '/first', { reinvocationPolicy: 'IfNeeded' }),
        hook('never.example.com', '/never'),
        hook('changer.example.com', '/changer'),
        hook('after.example.com', '/after', { reinvocationPolicy: 'IfNeeded' }),
      ]),
    );
    server.answers.set('/changer', (request, res) => {
      // Changes the object on its first call only.
      const labels = (request.object as ApiObject).metadata.labels ?? {};
      const answer = labels.changed ? { allowed: true } : addLabel('changed', 'yes');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: request.uid, ...answer } }));
    });
    await plugin.admit(attrsFor(configMap()));
    expect(server.seen.map((s) => s.path)).toEqual(['/first', '/never', '/changer', '/after', '/first']);
    expect(labelsSeen()[4]).toEqual({ changed: 'yes' });
  });

  it('does not re-run anything when no webhook changed the object', async () => {
    source.set(
      mutatingConfig('chain', [
        hook('first.example.com', '/first', { reinvocationPolicy: 'IfNeeded' }),
        hook('same.example.com', '/same'),
      ]),
    );
    // A patch that leaves the object as it was is not a change.
    server.answers.set('/same', { allowed: true, patchType: 'JSONPatch', patch: patchOf([{ op: 'replace', path: '/data/a', value: '1' }]) });
    await plugin.admit(attrsFor(configMap()));
    expect(server.seen.map((s) => s.path)).toEqual(['/first', '/same']);
  });

  it("denies with the webhook's status", async () => {
    source.set(mutatingConfig('deny', [hook('deny.example.com', '/deny')]));
    server.answers.set('/deny', { allowed: false, status: { code: 422, message: 'bad labels' } });
    const err = await rejection(plugin.admit(attrsFor(configMap())));
    expect(err.status).toMatchObject({ code: 422, message: 'admission webhook "deny.example.com" denied the request: bad labels' });
  });

  it('records warnings', async () => {
    source.set(mutatingConfig('warn', [hook('warn.example.com', '/warn')]));
    server.answers.set('/warn', { ...addLabel('x', 'y'), warnings: ['label x is deprecated'] });
    const attrs = attrsFor(configMap());
    await plugin.admit(attrs);
    expect(attrs.warnings).toEqual(['label x is deprecated']);
  });

  it('fails closed when a webhook is down, or skips it under Ignore and goes on with the next', async () => {
    const url = await deadUrl();
    source.set(mutatingConfig('down', [mutatingHook('down.example.com', url, server.caBundle), hook('next.example.com', '/next')]));
    const err = await rejection(plugin.admit(attrsFor(configMap())));
    expect(err.status.code).toBe(500);
    expect(err.status.message).toMatch(/^Internal error occurred: failed calling webhook "down.example.com": failed to call webhook: Post .*connection refused$/);
    expect(server.seen).toHaveLength(0);
    source.set(
      mutatingConfig('down', [mutatingHook('down.example.com', url, server.caBundle, { failurePolicy: 'Ignore' }), hook('next.example.com', '/next')]),
    );
    server.answers.set('/next', addLabel('next', 'ran'));
    const attrs = attrsFor(configMap());
    await plugin.admit(attrs);
    expect(attrs.object!.metadata.labels).toEqual({ next: 'ran' });
  });

  it('gives up on a hung webhook after timeoutSeconds', async () => {
    source.set(mutatingConfig('hung', [hook('hung.example.com', '/hang', { timeoutSeconds: 1, failurePolicy: 'Ignore' })]));
    server.answers.set('/hang', 'hang');
    const attrs = attrsFor(configMap());
    await plugin.admit(attrs);
    expect(attrs.object!.metadata.labels).toEqual({});
  });

  it('refuses a dry run for a webhook with unknown side effects', async () => {
    source.set(mutatingConfig('fx', [hook('fx.example.com', '/fx', { sideEffects: 'Unknown' })]));
    const err = await rejection(plugin.admit(attrsFor(configMap(), { dryRun: true })));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'admission webhook "fx.example.com" does not support dry run' });
  });

  it('answers 500 when a webhook patches a request without an object (DELETE)', async () => {
    source.set(mutatingConfig('del', [hook('del.example.com', '/del')]));
    server.answers.set('/del', addLabel('x', 'y'));
    const err = await rejection(plugin.admit(attrsFor(undefined, { operation: 'DELETE', oldObject: configMap() })));
    expect(err.status).toMatchObject({
      code: 500,
      message: 'Internal error occurred: admission webhook "del.example.com" attempted to modify the object, which is not supported for this operation',
    });
    expect(server.seen[0]!.request).toMatchObject({ object: null, oldObject: configMap(), options: { kind: 'DeleteOptions' } });
  });

  it('treats a patch without patchType, or of another type, as a failed call', async () => {
    source.set(mutatingConfig('p', [hook('p.example.com', '/p')]));
    server.answers.set('/p', { allowed: true, patch: patchOf([{ op: 'add', path: '/x', value: 1 }]) });
    let err = await rejection(plugin.admit(attrsFor(configMap())));
    expect(err.status.message).toBe(
      'Internal error occurred: failed calling webhook "p.example.com": received invalid webhook response: webhook returned response.patch but not response.patchType',
    );
    server.answers.set('/p', { allowed: true, patchType: 'MergePatch', patch: patchOf([{ op: 'add', path: '/x', value: 1 }]) });
    err = await rejection(plugin.admit(attrsFor(configMap())));
    expect(err.status.message).toBe('Internal error occurred: failed calling webhook "p.example.com": unsupported patch type "MergePatch"');
  });

  it('answers 500 for a patch that does not apply, even under Ignore', async () => {
    source.set(mutatingConfig('p', [hook('p.example.com', '/p', { failurePolicy: 'Ignore' })]));
    server.answers.set('/p', { allowed: true, patchType: 'JSONPatch', patch: patchOf([{ op: 'replace', path: '/spec/missing', value: 1 }]) });
    const err = await rejection(plugin.admit(attrsFor(configMap())));
    expect(err.status.code).toBe(500);
    expect(err.status.message).toBe('Internal error occurred: replace operation does not apply: doc is missing path: /spec/missing: missing value');
  });

  it("refuses a patch that changes the object's kind", async () => {
    source.set(mutatingConfig('p', [hook('p.example.com', '/p')]));
    server.answers.set('/p', { allowed: true, patchType: 'JSONPatch', patch: patchOf([{ op: 'replace', path: '/kind', value: 'Secret' }]) });
    const obj = configMap();
    const err = await rejection(plugin.admit(attrsFor(obj)));
    expect(err.status.code).toBe(500);
    expect(obj.kind).toBe('ConfigMap');
  });

  it('re-applies defaults after a patch when a defaulter is given', async () => {
    const withDefaults = mutatingWebhooks({
      source,
      namespaceLookup,
      defaulter: (obj) => {
        obj.metadata.annotations ??= { defaulted: 'true' };
      },
    });
    source.set(mutatingConfig('inject', [hook('label.example.com', '/label')]));
    server.answers.set('/label', addLabel('team', 'core'));
    const attrs = attrsFor(configMap());
    await withDefaults.admit(attrs);
    expect(attrs.object!.metadata).toMatchObject({ labels: { team: 'core' }, annotations: { defaulted: 'true' } });
  });

  it('selects by object labels, and matches subresource rules', async () => {
    source.set(
      mutatingConfig('sel', [
        hook('web.example.com', '/web', { objectSelector: { matchLabels: { app: 'web' } } }),
        hook('scale.example.com', '/scale', {
          rules: [{ operations: ['UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['*/scale'] }],
        }),
      ]),
    );
    await plugin.admit(attrsFor(configMap('a', 'dev', { app: 'db' })));
    await plugin.admit(attrsFor(configMap('b', 'dev', { app: 'web' })));
    await plugin.admit(attrsFor(configMap('c'), { operation: 'UPDATE', subresource: 'scale', oldObject: configMap('c') }));
    expect(server.seen.map((s) => `${s.path} ${String(s.request.name)}`)).toEqual(['/web b', '/scale c']);
  });
});
