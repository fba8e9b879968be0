/**
 * Create, read, update and delete over HTTP: status codes, server-set metadata, kube's exact
 * Status bodies for the usual failures, delete preconditions and collection deletes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, items, meta, startServer } from './helpers.js';

let s: TestServer;
beforeEach(async () => {
  s = await startServer();
});
afterEach(closeAll);

async function create(name: string, data: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const r = await s.request('POST', cmPath(), { body: configMap(name, data, extra) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('create', () => {
  it('answers 201 with uid, creationTimestamp and resourceVersion set by the server', async () => {
    const r = await s.request('POST', cmPath(), { body: configMap('a', { k: 'v' }, { uid: 'mine', resourceVersion: '99' }) });
    expect(r.status).toBe(201);
    const m = meta(r.body);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.uid).not.toBe('mine');
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(m.resourceVersion).toMatch(/^\d+$/);
    expect(m.resourceVersion).not.toBe('99');
    expect(r.body).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' }, data: { k: 'v' } });
  });

  it('generates a name from generateName: the prefix and five random characters', async () => {
    const r = await s.request('POST', cmPath(), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } } });
    expect(r.status).toBe(201);
    expect(meta(r.body).name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect((await s.request('GET', cmPath('default', meta(r.body).name))).status).toBe(200);
  });

  it('answers 409 AlreadyExists for a taken name', async () => {
    await create('a');
    const r = await s.request('POST', cmPath(), { body: configMap('a') });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "a" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a', kind: 'configmaps' },
      code: 409,
    });
  });
});

describe('get and list', () => {
  it('gets the stored object', async () => {
    const created = await create('a', { k: 'v' });
    const r = await s.request('GET', cmPath('default', 'a'));
    expect(r.status).toBe(200);
    expect(r.body).toEqual(created);
  });

  it("answers a missing object with kube's NotFound Status, field for field", async () => {
    const r = await s.request('GET', cmPath('default', 'missing'));
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "missing" not found',
      reason: 'NotFound',
      details: { name: 'missing', kind: 'configmaps' },
      code: 404,
    });
  });

  it('lists as a ConfigMapList carrying the list resourceVersion', async () => {
    await create('a');
    const b = await create('b');
    const r = await s.request('GET', cmPath());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'ConfigMapList', apiVersion: 'v1' });
    expect(items(r.body).map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(Number(meta(r.body).resourceVersion)).toBeGreaterThanOrEqual(Number(meta(b).resourceVersion));
  });

  it('lists across namespaces at /api/v1/configmaps', async () => {
    await s.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } } });
    await create('a');
    expect((await s.request('POST', cmPath('other'), { body: configMap('b') })).status).toBe(201);
    const r = await s.request('GET', '/api/v1/configmaps');
    expect(items(r.body).map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['default/a', 'other/b']);
  });
});

describe('update', () => {
  it('answers 200 with a newer resourceVersion', async () => {
    const created = await create('a', { k: 'v' });
    const r = await s.request('PUT', cmPath('default', 'a'), { body: { ...created, data: { k: 'w' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ data: { k: 'w' }, metadata: { uid: meta(created).uid } });
    expect(Number(meta(r.body).resourceVersion)).toBeGreaterThan(Number(meta(created).resourceVersion));
  });

  it("rejects a stale resourceVersion with 409 and kube's optimistic-lock message", async () => {
    const created = await create('a', { k: 'v' });
    await s.request('PUT', cmPath('default', 'a'), { body: { ...created, data: { k: 'w' } } });
    const r = await s.request('PUT', cmPath('default', 'a'), { body: { ...created, data: { k: 'x' } } });
    expect(r.status).toBe(409);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'a', kind: 'configmaps' },
      code: 409,
    });
    expect((await s.request('GET', cmPath('default', 'a'))).body).toMatchObject({ data: { k: 'w' } });
  });

  it('answers 404 for an update of a missing object', async () => {
    const r = await s.request('PUT', cmPath('default', 'nope'), { body: configMap('nope') });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', message: 'configmaps "nope" not found' });
  });
});

describe('delete', () => {
  it('answers 200 with a Success Status naming the deleted object', async () => {
    const created = await create('a');
    const r = await s.request('DELETE', cmPath('default', 'a'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'a', kind: 'configmaps', uid: meta(created).uid },
    });
    expect((await s.request('GET', cmPath('default', 'a'))).status).toBe(404);
  });

  it("writes the Success Status exactly as kube's registry does (no code field)", async () => {
    const created = await create('a');
    const r = await s.request('DELETE', cmPath('default', 'a'));
    // genericregistry.Store.finalizeDelete returns Status{Status: Success, Details} without a Code.
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'a', kind: 'configmaps', uid: meta(created).uid },
    });
  });

  it("rejects a uid precondition that does not match with 409 and kube's message", async () => {
    const created = await create('a');
    const uid = meta(created).uid;
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'not-the-uid' } };
    const r = await s.request('DELETE', cmPath('default', 'a'), { body });
    expect(r.status).toBe(409);
    // rest.BeforeDelete's early check names the kind, not the resource.
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Operation cannot be fulfilled on ConfigMap "a": the UID in the precondition (not-the-uid) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
      reason: 'Conflict',
      details: { name: 'a', kind: 'ConfigMap' },
      code: 409,
    });
    expect((await s.request('GET', cmPath('default', 'a'))).status).toBe(200);
  });

  it('rejects a resourceVersion precondition that does not match with 409', async () => {
    const created = await create('a');
    const rv = meta(created).resourceVersion;
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: '1' } };
    const r = await s.request('DELETE', cmPath('default', 'a'), { body });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "a": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${rv}). The object might have been modified`,
    });
  });

  it('deletes when the preconditions hold', async () => {
    const created = await create('a');
    const body = { preconditions: { uid: meta(created).uid, resourceVersion: meta(created).resourceVersion } };
    expect((await s.request('DELETE', cmPath('default', 'a'), { body })).status).toBe(200);
    expect((await s.request('GET', cmPath('default', 'a'))).status).toBe(404);
  });

  it('answers 404 for a missing object', async () => {
    const r = await s.request('DELETE', cmPath('default', 'nope'));
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ reason: 'NotFound', details: { name: 'nope', kind: 'configmaps' } });
  });

  it('deletes the collection a labelSelector selects and lists what it deleted', async () => {
    await create('a', {}, { labels: { app: 'x' } });
    await create('b', {}, { labels: { app: 'x' } });
    await create('c', {}, { labels: { app: 'y' } });
    const r = await s.request('DELETE', `${cmPath()}?labelSelector=app%3Dx`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'ConfigMapList' });
    expect(items(r.body).map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(items((await s.request('GET', cmPath())).body).map((i) => i.metadata.name)).toEqual(['c']);
  });
});

describe('dryRun=All', () => {
  it('answers a create with 201 and the object, storing nothing', async () => {
    const r = await s.request('POST', `${cmPath()}?dryRun=All`, { body: configMap('dry', { k: 'v' }) });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ metadata: { name: 'dry', namespace: 'default' }, data: { k: 'v' } });
    expect(meta(r.body).uid).toBeTruthy();
    expect((await s.request('GET', cmPath('default', 'dry'))).status).toBe(404);
  });

  it('answers an update with 200 and the would-be object, storing nothing', async () => {
    const created = await create('a', { k: 'v' });
    const r = await s.request('PUT', `${cmPath('default', 'a')}?dryRun=All`, { body: { ...created, data: { k: 'w' } } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ data: { k: 'w' } });
    const got = await s.request('GET', cmPath('default', 'a'));
    expect(got.body).toEqual(created);
  });

  it('answers a delete with 200, deleting nothing', async () => {
    await create('a');
    const r = await s.request('DELETE', `${cmPath('default', 'a')}?dryRun=All`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await s.request('GET', cmPath('default', 'a'))).status).toBe(200);
  });

  it('rejects any other dryRun value with 422', async () => {
    const r = await s.request('POST', `${cmPath()}?dryRun=Some`, { body: configMap('dry') });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ reason: 'Invalid' });
    expect((await s.request('GET', cmPath('default', 'dry'))).status).toBe(404);
  });
});
