/**
 * Object lifecycle over HTTP: the status subresource split, generation tracking, finalizers
 * holding a deletion back, and namespace termination (lifecycle admission and the controller
 * that empties a namespace). Waits are on watch events, never on sleeps.
 */
import { defineResource } from '@apiserver-kit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, type WatchStream, closeAll, cmPath, configMap, meta, startServer } from './helpers.js';

afterEach(closeAll);

const widgets = defineResource({
  group: 'example.com',
  versions: ['v1'],
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  subresources: { status: true },
  strategy: { tracksGeneration: true },
});
const widgetPath = (name = '') => `/apis/example.com/v1/namespaces/default/widgets${name ? `/${name}` : ''}`;
const widget = (name: string, spec: unknown, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, ...extra },
  spec,
});

const nsBody = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...extra } });

/** Read events until one matches; fails (guarded) if the stream ends first. */
async function until(w: WatchStream, match: (ev: { type: string; object: unknown }) => boolean) {
  for (;;) {
    const ev = await w.next();
    if (!ev) throw new Error('watch ended before the expected event');
    if (match(ev)) return ev;
  }
}

describe('generation', () => {
  it('starts at 1 and moves only when something besides metadata and status changes', async () => {
    const s = await startServer({ resources: [widgets] });
    const created = await s.request('POST', widgetPath(), { body: widget('w', { size: 1 }) });
    expect(created.status).toBe(201);
    expect(meta(created.body).generation).toBe(1);
    const spec = await s.request('PUT', widgetPath('w'), { body: { ...created.body, spec: { size: 2 } } });
    expect(meta(spec.body).generation).toBe(2);
    const labels = await s.request('PUT', widgetPath('w'), {
      body: { ...spec.body, metadata: { ...meta(spec.body), labels: { a: 'b' } } },
    });
    expect(labels.status).toBe(200);
    expect(meta(labels.body).generation).toBe(2);
    const status = await s.request('PUT', widgetPath('w/status'), { body: { ...labels.body, status: { ready: true } } });
    expect(status.body).toMatchObject({ status: { ready: true }, metadata: { generation: 2 } });
  });

  it('is not set on built-ins that do not track it', async () => {
    const s = await startServer();
    const r = await s.request('POST', cmPath(), { body: configMap('a') });
    expect(meta(r.body).generation).toBeUndefined();
  });
});

describe('status subresource', () => {
  it('keeps status when the main resource is written and takes only status through /status', async () => {
    const s = await startServer({ resources: [widgets] });
    const created = await s.request('POST', widgetPath(), { body: { ...widget('w', { size: 1 }), status: { ready: true } } });
    expect(created.body.status).toBeUndefined();
    const main = await s.request('PUT', widgetPath('w'), { body: { ...created.body, spec: { size: 2 }, status: { ready: true } } });
    expect(main.status).toBe(200);
    expect(main.body).toMatchObject({ spec: { size: 2 } });
    expect(main.body.status).toBeUndefined();
    const viaStatus = await s.request('PUT', widgetPath('w/status'), { body: { ...main.body, spec: { size: 9 }, status: { ready: true } } });
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body).toMatchObject({ spec: { size: 2 }, status: { ready: true } });
    expect((await s.request('GET', widgetPath('w/status'))).body).toMatchObject({ spec: { size: 2 }, status: { ready: true } });
  });

  it('splits a namespace: status only through /status, spec never through it', async () => {
    const s = await startServer();
    const created = await s.request('POST', '/api/v1/namespaces', { body: nsBody('split') });
    expect(created.body).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const condition = { type: 'NamespaceDeletionContentFailure', status: 'False' };
    const main = await s.request('PUT', '/api/v1/namespaces/split', {
      body: { ...created.body, metadata: { ...meta(created.body), labels: { team: 'a' } }, status: { phase: 'Active', conditions: [condition] } },
    });
    expect(main.status).toBe(200);
    expect(main.body).toMatchObject({ metadata: { labels: { team: 'a' } }, status: { phase: 'Active' } });
    expect(main.body.status).not.toHaveProperty('conditions');
    const status = await s.request('PUT', '/api/v1/namespaces/split/status', {
      body: { ...main.body, spec: { finalizers: ['example.com/other'] }, status: { phase: 'Active', conditions: [condition] } },
    });
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active', conditions: [condition] } });
  });
});

describe('finalizers', () => {
  async function heldConfigMap(s: TestServer) {
    const created = await s.request('POST', cmPath(), { body: configMap('held', { k: 'v' }, { finalizers: ['example.com/hold'] }) });
    expect(created.status).toBe(201);
    return created.body;
  }

  it('answers a DELETE held by finalizers with 200 and the object marked for deletion, as kube does', async () => {
    const s = await startServer();
    await heldConfigMap(s);
    const r = await s.request('DELETE', cmPath('default', 'held'));
    // kube answers 202 only when the client set orphanDependents=false; otherwise 200.
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'held', deletionGracePeriodSeconds: 0 } });
  });

  it('sets deletionTimestamp on DELETE and removes the object once an update clears the finalizers', async () => {
    const s = await startServer();
    const created = await heldConfigMap(s);
    const w = await s.watch(`${cmPath()}?watch=1&resourceVersion=${meta(created).resourceVersion}`);
    const del = await s.request('DELETE', cmPath('default', 'held'));
    expect(del.body).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    expect(meta(del.body).deletionTimestamp).toMatch(/Z$/);
    const got = await s.request('GET', cmPath('default', 'held'));
    expect(got.status).toBe(200);
    expect(meta(got.body).deletionTimestamp).toBe(meta(del.body).deletionTimestamp);
    expect(await w.next()).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'held' } } });

    const cleared = await s.request('PUT', cmPath('default', 'held'), { body: { ...got.body, metadata: { ...meta(got.body), finalizers: [] } } });
    expect(cleared.status).toBe(200);
    // As kube's Store.Update: the write without finalizers, then the deletion it allows.
    const [modified, deleted] = await w.take(2);
    expect(modified).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'held' } } });
    expect(meta(modified!.object).finalizers ?? []).toEqual([]);
    expect(deleted).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'held' } } });
    expect((await s.request('GET', cmPath('default', 'held'))).status).toBe(404);
    w.close();
  });

  it('refuses new finalizers on an object being deleted', async () => {
    const s = await startServer();
    await heldConfigMap(s);
    const del = await s.request('DELETE', cmPath('default', 'held'));
    const r = await s.request('PUT', cmPath('default', 'held'), {
      body: { ...del.body, metadata: { ...meta(del.body), finalizers: ['example.com/hold', 'example.com/other'] } },
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message:
        'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/other"}',
    });
  });

  it('bumps generation when the deletion starts on a resource that tracks it', async () => {
    const s = await startServer({ resources: [widgets] });
    await s.request('POST', widgetPath(), { body: widget('w', { size: 1 }, { finalizers: ['example.com/hold'] }) });
    const del = await s.request('DELETE', widgetPath('w'));
    expect(del.body).toMatchObject({ kind: 'Widget', metadata: { generation: 2, deletionGracePeriodSeconds: 0 } });
  });
});

describe('namespaces', () => {
  it('refuses content in a namespace that does not exist with 404', async () => {
    const s = await startServer();
    const r = await s.request('POST', cmPath('nowhere'), { body: configMap('a') });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'namespaces "nowhere" not found',
      reason: 'NotFound',
      details: { name: 'nowhere', kind: 'namespaces' },
      code: 404,
    });
  });

  it('answers a namespace DELETE with 200 and the Terminating namespace', async () => {
    const s = await startServer();
    await s.request('POST', '/api/v1/namespaces', { body: nsBody('bye', { finalizers: ['example.com/hold'] }) });
    const r = await s.request('DELETE', '/api/v1/namespaces/bye');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'Namespace', metadata: { name: 'bye' }, status: { phase: 'Terminating' } });
  });

  it('empties a deleted namespace and then removes it', async () => {
    const s = await startServer();
    const ns = await s.request('POST', '/api/v1/namespaces', { body: nsBody('gone') });
    await s.request('POST', cmPath('gone'), { body: configMap('inside') });
    const rv = meta(ns.body).resourceVersion;
    const nsWatch = await s.watch(`/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Dgone&resourceVersion=${rv}`);
    const cmWatch = await s.watch(`${cmPath('gone')}?watch=1&resourceVersion=${rv}`);
    const del = await s.request('DELETE', '/api/v1/namespaces/gone');
    expect(del.body).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    expect(meta(del.body).deletionTimestamp).toBeTruthy();

    await until(cmWatch, (ev) => ev.type === 'DELETED' && meta(ev.object).name === 'inside');
    await until(nsWatch, (ev) => ev.type === 'DELETED');
    expect((await s.request('GET', '/api/v1/namespaces/gone')).status).toBe(404);
    expect((await s.request('GET', cmPath('gone', 'inside'))).status).toBe(404);
    nsWatch.close();
    cmWatch.close();
  });

  it("refuses new content in a terminating namespace with kube's 403", async () => {
    const s = await startServer();
    const ns = await s.request('POST', '/api/v1/namespaces', { body: nsBody('doomed', { finalizers: ['example.com/hold'] }) });
    const nsWatch = await s.watch(`/api/v1/namespaces?watch=1&fieldSelector=metadata.name%3Ddoomed&resourceVersion=${meta(ns.body).resourceVersion}`);
    await s.request('DELETE', '/api/v1/namespaces/doomed');

    const r = await s.request('POST', cmPath('doomed'), { body: configMap('late') });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
      reason: 'Forbidden',
      details: {
        name: 'late',
        kind: 'configmaps',
        causes: [{ reason: 'NamespaceTerminating', message: 'namespace doomed is being terminated', field: 'metadata.namespace' }],
      },
      code: 403,
    });

    // The controller finalizes the content; our finalizer still holds the namespace until cleared.
    await until(nsWatch, (ev) => ev.type === 'MODIFIED' && ((ev.object as { spec?: { finalizers?: string[] } }).spec?.finalizers ?? []).length === 0);
    expect((await s.request('GET', '/api/v1/namespaces/doomed')).status).toBe(200);
    const patch = await s.request('PATCH', '/api/v1/namespaces/doomed', {
      body: { metadata: { finalizers: null } },
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    expect(patch.status).toBe(200);
    await until(nsWatch, (ev) => ev.type === 'DELETED');
    expect((await s.request('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
    nsWatch.close();
  });
});
