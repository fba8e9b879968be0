/**
 * PATCH over HTTP: JSON merge, JSON patch, strategic merge and server-side apply (field
 * managers, conflicts, force, create-on-apply), chosen by Content-Type.
 */
import { defineResource } from '@apiserver-kit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, meta, startServer } from './helpers.js';

let s: TestServer;
beforeEach(async () => {
  s = await startServer({ resources: [widgets] });
  expect((await s.request('POST', cmPath(), { body: configMap('a', { x: '1', y: '2' }) })).status).toBe(201);
});
afterEach(closeAll);

const widgets = defineResource({ group: 'example.com', versions: ['v1'], kind: 'Widget', plural: 'widgets', namespaced: true });

const patch = (path: string, type: string, body: unknown, query = '', headers: Record<string, string> = {}) =>
  s.request('PATCH', `${path}${query}`, { body, headers: { 'Content-Type': type, ...headers } });

const merge = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const strategic = 'application/strategic-merge-patch+json';
const apply = 'application/apply-patch+yaml';

describe('merge, JSON and strategic patches', () => {
  it('applies a JSON merge patch; null removes a key', async () => {
    const r = await patch(cmPath('default', 'a'), merge, { data: { x: null, z: '3' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ y: '2', z: '3' });
    expect((await s.request('GET', cmPath('default', 'a'))).body.data).toEqual({ y: '2', z: '3' });
  });

  it('applies a JSON patch', async () => {
    const r = await patch(cmPath('default', 'a'), jsonPatch, [
      { op: 'replace', path: '/data/x', value: 'one' },
      { op: 'remove', path: '/data/y' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ x: 'one' });
  });

  it("answers 422 with kube's generic message for a JSON patch that cannot be applied", async () => {
    for (const ops of [[{ op: 'bogus', path: '/data/x' }], [{ op: 'test', path: '/data/x', value: 'nope' }], [{ op: 'remove', path: '/data/missing' }]]) {
      const r = await patch(cmPath('default', 'a'), jsonPatch, ops);
      expect(r.status, JSON.stringify(ops)).toBe(422);
      expect(r.body, JSON.stringify(ops)).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        message: 'the server rejected our request due to an error in our request',
        reason: 'Invalid',
        code: 422,
      });
    }
    expect((await s.request('GET', cmPath('default', 'a'))).body.data).toEqual({ x: '1', y: '2' });
  });

  it('applies a strategic merge patch to a built-in', async () => {
    const r = await patch(cmPath('default', 'a'), strategic, { data: { y: null, z: '3' }, metadata: { labels: { app: 'web' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ data: { x: '1', z: '3' }, metadata: { labels: { app: 'web' } } });
    expect(r.body.data).not.toHaveProperty('y');
  });

  it('refuses strategic merge on a resource without patch metadata with 415', async () => {
    const w = await s.request('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} },
    });
    expect(w.status).toBe(201);
    const r = await patch('/apis/example.com/v1/namespaces/default/widgets/w', strategic, { spec: { size: 1 } });
    expect(r.status).toBe(415);
    expect(r.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });

  it('answers 404 for a patch of a missing object', async () => {
    const r = await patch(cmPath('default', 'nope'), merge, { data: { a: 'b' } });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', message: 'configmaps "nope" not found', details: { name: 'nope', kind: 'configmaps' } });
  });

  it('rejects force on a non-apply patch with 422 on PatchOptions', async () => {
    const r = await patch(cmPath('default', 'a'), merge, { data: { z: '3' } }, '?force=true');
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });
});

describe('server-side apply', () => {
  const applied = (name: string, data: Record<string, string>) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${Object.entries(data)
      .map(([k, v]) => `  ${k}: "${v}"`)
      .join('\n')}\n`;

  it('requires a fieldManager (422 on PatchOptions)', async () => {
    const r = await patch(cmPath('default', 'a'), apply, applied('a', { x: '9' }));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions' },
    });
  });

  it('requires a fieldManager even when the client sends a User-Agent', async () => {
    const r = await patch(cmPath('default', 'a'), apply, applied('a', { x: '9' }), '', { 'User-Agent': 'curl/8.5.0' });
    expect(r.status).toBe(422);
    expect(r.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('creates a missing object with 201 and records the manager', async () => {
    const r = await patch(cmPath('default', 'fresh'), apply, applied('fresh', { k: 'v' }), '?fieldManager=mgr-a');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ metadata: { name: 'fresh', namespace: 'default' }, data: { k: 'v' } });
    const managed = meta(r.body).managedFields as Array<Record<string, unknown>>;
    expect(managed).toEqual([
      expect.objectContaining({ manager: 'mgr-a', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:k': {} } } }),
    ]);
    expect((await s.request('GET', cmPath('default', 'fresh'))).status).toBe(200);
  });

  it('answers 409 with FieldManagerConflict causes when another manager owns the field, and force takes it over', async () => {
    expect((await patch(cmPath('default', 'shared'), apply, applied('shared', { k: 'a' }), '?fieldManager=mgr-a')).status).toBe(201);
    const clash = await patch(cmPath('default', 'shared'), apply, applied('shared', { k: 'b' }), '?fieldManager=mgr-b');
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Apply failed with 1 conflict: conflict with "mgr-a": .data.k',
      reason: 'Conflict',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "mgr-a"', field: '.data.k' }] },
      code: 409,
    });
    expect((await s.request('GET', cmPath('default', 'shared'))).body.data).toEqual({ k: 'a' });

    const forced = await patch(cmPath('default', 'shared'), apply, applied('shared', { k: 'b' }), '?fieldManager=mgr-b&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.data).toEqual({ k: 'b' });
    const managed = meta(forced.body).managedFields as Array<{ manager: string; fieldsV1?: unknown }>;
    expect(managed.find((m) => m.manager === 'mgr-b')?.fieldsV1).toEqual({ 'f:data': { 'f:k': {} } });
    expect(JSON.stringify(managed.find((m) => m.manager === 'mgr-a')?.fieldsV1 ?? {})).not.toContain('f:k');
  });

  it('lets the same manager change its own fields without conflict', async () => {
    await patch(cmPath('default', 'own'), apply, applied('own', { k: 'a' }), '?fieldManager=mgr-a');
    const again = await patch(cmPath('default', 'own'), apply, applied('own', { k: 'b', l: 'c' }), '?fieldManager=mgr-a');
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ k: 'b', l: 'c' });
  });
});
