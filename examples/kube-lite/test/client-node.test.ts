/**
 * The official JavaScript client, @kubernetes/client-node 1.x, against kube-lite: typed CRUD
 * through CoreV1Api, the ApiException it raises for Status answers, Watch, and an informer
 * that has to survive its watch being cut and its resourceVersion being compacted away.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  type V1ConfigMap,
  Watch,
  makeInformer,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './harness.js';
import { type ControlledServer, startControlledServer } from './controlled-server.js';

/** The Status a failed call carried, with the HTTP code of the ApiException. */
async function failure(call: Promise<unknown>): Promise<{ code: number; status: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiException) return { code: err.code, status: JSON.parse(String(err.body)) as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Resolve when a watch on `path` reports `name` DELETED (a failure guard bounds the wait). */
function deletedEvent(kc: KubeConfig, path: string, name: string, resourceVersion: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let req: AbortController | undefined;
    const timer = setTimeout(() => reject(new Error(`no DELETED event for ${name}`)), 20_000);
    void new Watch(kc)
      .watch(
        path,
        { fieldSelector: `metadata.name=${name}`, resourceVersion },
        (type) => {
          if (type !== 'DELETED') return;
          clearTimeout(timer);
          req?.abort();
          resolve();
        },
        () => {},
      )
      .then((c) => (req = c));
  });
}

describe('@kubernetes/client-node CoreV1Api against kube-lite', () => {
  let c: Cluster;
  let kc: KubeConfig;
  let core: CoreV1Api;
  beforeAll(async () => {
    c = await startCluster();
    kc = new KubeConfig();
    kc.loadFromFile(c.kl.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await c?.stop();
  });

  it('loads the kubeconfig kube-lite wrote: client certificate, CA and server URL', () => {
    expect(kc.getCurrentCluster()?.server).toBe(c.kl.url);
    expect(kc.getCurrentUser()?.certData).toBeTruthy();
    expect(kc.getCurrentUser()?.keyData).toBeTruthy();
  });

  it('creates, reads, lists by label, replaces, merge-patches and deletes a namespace', async () => {
    const created = await core.createNamespace({ body: { metadata: { name: 'cn-a', labels: { team: 'a' } } } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.status?.phase).toBe('Active');
    await core.createNamespace({ body: { metadata: { name: 'cn-b', labels: { team: 'b' } } } });

    const read = await core.readNamespace({ name: 'cn-a' });
    expect(read.metadata?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'cn-a' });

    const listed = await core.listNamespace({ labelSelector: 'team=a' });
    expect(listed.items.map((n) => n.metadata?.name)).toEqual(['cn-a']);
    expect(listed.metadata?.resourceVersion).toMatch(/^\d+$/);

    read.metadata = { ...read.metadata, labels: { ...read.metadata?.labels, tier: 'gold' } };
    const replaced = await core.replaceNamespace({ name: 'cn-a', body: read });
    expect(replaced.metadata?.labels?.tier).toBe('gold');
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata.resourceVersion));

    const patched = await core.patchNamespace(
      { name: 'cn-a', body: { metadata: { annotations: { note: 'merged' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.annotations).toEqual({ note: 'merged' });
    expect(patched.metadata?.labels?.tier).toBe('gold');

    const gone = deletedEvent(kc, '/api/v1/namespaces', 'cn-a', patched.metadata?.resourceVersion ?? '');
    await core.deleteNamespace({ name: 'cn-a' });
    await gone;
    const missing = await failure(core.readNamespace({ name: 'cn-a' }));
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'namespaces "cn-a" not found' });
    expect((await core.listNamespace({ labelSelector: 'team' })).items.map((n) => n.metadata?.name)).toEqual(['cn-b']);
  });

  it('creates, reads, lists with a labelSelector, replaces, patches and deletes configmaps', async () => {
    await core.createNamespace({ body: { metadata: { name: 'cm-crud' } } });
    const namespace = 'cm-crud';
    const created = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'one', labels: { app: 'x' } }, data: { a: '1' } },
    });
    expect(created).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace }, data: { a: '1' } });
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'two', labels: { app: 'y' } } } });

    const read = await core.readNamespacedConfigMap({ name: 'one', namespace });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    expect(read.metadata?.creationTimestamp).toBeInstanceOf(Date);

    const byLabel = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app in (x)' });
    expect(byLabel.items.map((i) => i.metadata?.name)).toEqual(['one']);
    const notX = await core.listNamespacedConfigMap({ namespace, labelSelector: 'app,app!=x' });
    expect(notX.items.map((i) => i.metadata?.name)).toEqual(['two']);

    const replaced = await core.replaceNamespacedConfigMap({ name: 'one', namespace, body: { ...read, data: { a: '2' } } });
    expect(replaced.data).toEqual({ a: '2' });
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);
    expect(replaced.metadata?.resourceVersion).not.toBe(read.metadata?.resourceVersion);

    const merged = await core.patchNamespacedConfigMap(
      { name: 'one', namespace, body: { data: { b: '3', a: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ b: '3' });
    const jsonPatched = await core.patchNamespacedConfigMap(
      { name: 'one', namespace, body: [{ op: 'add', path: '/data/c', value: '4' }] },
      setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
    );
    expect(jsonPatched.data).toEqual({ b: '3', c: '4' });

    const status = await core.deleteNamespacedConfigMap({ name: 'one', namespace });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'one', kind: 'configmaps', uid: created.metadata?.uid } });
    const left = await core.listNamespacedConfigMap({ namespace });
    expect(left.items.map((i) => i.metadata?.name)).toEqual(['two']);
  });

  it('raises ApiException 404 with the NotFound Status for a missing configmap', async () => {
    const e = await failure(core.readNamespacedConfigMap({ name: 'nope', namespace: 'default' }));
    expect(e.code).toBe(404);
    expect(e.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', kind: 'configmaps' },
      code: 404,
    });
  });

  it('raises ApiException 409 AlreadyExists on a duplicate create and 409 Conflict on a stale replace', async () => {
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'dup' }, data: { v: '1' } } });
    const dup = await failure(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'dup' } } }));
    expect(dup.code).toBe(409);
    expect(dup.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
      details: { name: 'dup', kind: 'configmaps' },
      code: 409,
    });

    await core.replaceNamespacedConfigMap({ name: 'dup', namespace: 'default', body: { ...first, data: { v: '2' } } });
    const stale = await failure(core.replaceNamespacedConfigMap({ name: 'dup', namespace: 'default', body: { ...first, data: { v: '3' } } }));
    expect(stale.code).toBe(409);
    expect(stale.status).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'dup', kind: 'configmaps' },
    });
    expect((await core.readNamespacedConfigMap({ name: 'dup', namespace: 'default' })).data).toEqual({ v: '2' });
  });
});

type Verb = 'add' | 'update' | 'delete';

describe('an informer on configmaps (makeInformer)', () => {
  const namespace = 'inf';
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  let dir: string;
  let s: ControlledServer;
  let core: CoreV1Api;
  let informer: ReturnType<typeof makeInformer<V1ConfigMap>>;
  let running = true;
  const events: Array<{ verb: Verb; name: string; rv: string }> = [];
  const restarts: unknown[] = [];

  const lists = () => s.seen.filter((r) => r.method === 'GET' && r.path === path && !r.watch).length;
  const cm = (name: string, data: Record<string, string>): V1ConfigMap => ({ metadata: { name }, data });
  const summary = (items: readonly V1ConfigMap[]) =>
    items
      .map((i) => ({ name: i.metadata?.name, rv: i.metadata?.resourceVersion, data: i.data }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));

  /** The next `verb` event for `name` the informer delivers (bounded by a failure guard). */
  function next(verb: Verb, name: string): Promise<V1ConfigMap> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`informer delivered no ${verb} for ${name}; saw ${JSON.stringify(events)}`)), 20_000);
      const cb = (obj: V1ConfigMap) => {
        if (obj.metadata?.name !== name) return;
        clearTimeout(timer);
        informer.off(verb, cb);
        resolve(obj);
      };
      informer.on(verb, cb);
    });
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-lite-informer-'));
    s = await startControlledServer(dir);
    const kc = new KubeConfig();
    kc.loadFromFile(s.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const name of ['keep', 'change', 'remove']) await core.createNamespacedConfigMap({ namespace, body: cm(name, { v: '0' }) });
    informer = makeInformer<V1ConfigMap>(kc, path, () => core.listNamespacedConfigMap({ namespace }));
    for (const verb of ['add', 'update', 'delete'] as const) {
      informer.on(verb, (o) => events.push({ verb, name: o.metadata?.name ?? '', rv: o.metadata?.resourceVersion ?? '' }));
    }
    // The documented pattern: an informer stops on a watch error; the owner restarts it.
    informer.on('error', (err: unknown) => {
      restarts.push(err);
      if (running) void informer.start();
    });
    await informer.start();
  });
  afterAll(async () => {
    running = false;
    await informer?.stop();
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists first, then sees add, update and delete through its watch', async () => {
    expect(summary(informer.list(namespace)).map((i) => i.name)).toEqual(['change', 'keep', 'remove']);
    expect(lists()).toBe(1);

    const added = next('add', 'fresh');
    await core.createNamespacedConfigMap({ namespace, body: cm('fresh', { v: '1' }) });
    expect((await added).data).toEqual({ v: '1' });

    const updated = next('update', 'fresh');
    await core.patchNamespacedConfigMap(
      { name: 'fresh', namespace, body: { data: { v: '2' } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect((await updated).data).toEqual({ v: '2' });

    const deleted = next('delete', 'fresh');
    await core.deleteNamespacedConfigMap({ name: 'fresh', namespace });
    await deleted;
    expect(informer.get('fresh', namespace)).toBeUndefined();
    expect(lists()).toBe(1);
  });

  it('resumes its watch from the last resourceVersion when the connection is dropped', async () => {
    const listsBefore = lists();
    const rewatch = s.nextWatch();
    expect(s.dropWatches()).toBe(1);
    const w = await rewatch;
    expect(w.query.get('resourceVersion')).toMatch(/^\d+$/);

    const added = next('add', 'after-drop');
    await core.createNamespacedConfigMap({ namespace, body: cm('after-drop', { v: '1' }) });
    await added;
    // client-node reports the cut (node-fetch: Premature close) and the owner restarts it.
    expect(restarts).toHaveLength(1);
    expect(lists()).toBe(listsBefore);
  });

  it('relists after a 410 and ends up equal to the server after changes made while disconnected', async () => {
    const listsBefore = lists();
    const restartsBefore = restarts.length;
    s.holdWatches();
    const parked = s.nextWatch();
    expect(s.dropWatches()).toBe(1);
    const resumeFrom = Number((await parked).query.get('resourceVersion'));

    // While the informer waits at the door: an add, an update and a delete it cannot see.
    await core.createNamespacedConfigMap({ namespace, body: cm('while-away', { v: '1' }) });
    const change = await core.readNamespacedConfigMap({ name: 'change', namespace });
    await core.replaceNamespacedConfigMap({ name: 'change', namespace, body: { ...change, data: { v: 'changed' } } });
    await core.deleteNamespacedConfigMap({ name: 'remove', namespace });
    const revision = await s.storage.currentRevision();
    s.storage.compact(revision);
    expect(resumeFrom).toBeLessThan(revision);

    const seen = Promise.all([next('add', 'while-away'), next('update', 'change'), next('delete', 'remove')]);
    const afterRelist = s.nextWatch();
    s.releaseWatches();
    await seen;
    const rewatch = await afterRelist;
    // One restart for the cut; the 410 itself ends the stream cleanly and triggers one relist.
    expect(restarts).toHaveLength(restartsBefore + 1);
    expect(lists()).toBe(listsBefore + 1);

    const server = await core.listNamespacedConfigMap({ namespace });
    expect(rewatch.query.get('resourceVersion')).toBe(server.metadata?.resourceVersion);
    expect(summary(informer.list(namespace))).toEqual(summary(server.items));
    expect(summary(informer.list(namespace)).map((i) => i.name)).toEqual(['after-drop', 'change', 'keep', 'while-away']);
  });
});
