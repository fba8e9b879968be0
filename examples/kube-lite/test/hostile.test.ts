/**
 * Hostile input against kube-lite over raw HTTPS with the admin client certificate. Every
 * request must get the Status kube-apiserver 1.32 sends (code and reason; the message is
 * checked softly so one wording difference does not hide the rest), the server must keep
 * serving, and what is stored must not change. Bodies that could crash the process go to a
 * kube-lite in a child process, so a crash is a failed assertion rather than a dead runner.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ChildKubeLite, startChildKubeLite } from './child-kube-lite.js';
import { type Cluster, startCluster } from './harness.js';
import {
  type HostileCase,
  cms,
  decodingCases,
  mediaTypeCases,
  patchCases,
  pathCases,
  queryCases,
  sizeCases,
  validationCases,
} from './hostile-cases.js';
import { type RawClient, type RawResponse, rawClient } from './raw-client.js';

/** Everything a hostile request could have touched: all configmaps and namespaces, with the list resourceVersions. */
async function snapshot(api: RawClient): Promise<unknown> {
  const [configmaps, namespaces] = await Promise.all([api.request('GET', '/api/v1/configmaps'), api.request('GET', '/api/v1/namespaces')]);
  expect(configmaps.status).toBe(200);
  expect(namespaces.status).toBe(200);
  return { configmaps: configmaps.json(), namespaces: namespaces.json() };
}

function expectStatus(r: RawResponse, c: Pick<HostileCase, 'code' | 'reason' | 'message' | 'details'>): void {
  expect(r.status, r.body.slice(0, 500)).toBe(c.code);
  expect(r.headers['content-type']).toBe('application/json');
  const status = r.json();
  expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: c.code, reason: c.reason });
  const hint = 'message differs from kube-apiserver 1.32';
  if (typeof c.message === 'string') expect.soft(status.message, hint).toBe(c.message);
  else expect.soft(String(status.message), hint).toMatch(c.message);
  if (c.details) expect.soft(status.details).toEqual(c.details);
}

describe('kube-lite under hostile input', () => {
  let c: Cluster;
  let api: RawClient;
  beforeAll(async () => {
    c = await startCluster();
    api = await rawClient(c.kl.url, join(c.dir, 'data', 'pki'));
    const keep = await api.request('POST', cms, {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', labels: { a: 'b' } }, data: { a: '1' } }),
    });
    expect(keep.status, keep.body).toBe(201);
  });
  afterAll(async () => {
    await c?.stop();
  });

  const groups: Array<[string, HostileCase[]]> = [
    ['bodies that do not decode to the endpoint type', decodingCases],
    ['objects that fail validation', validationCases],
    ['bodies over the 3 MiB limit', sizeCases],
    ['bad query parameters', queryCases],
    ['bad patch documents', patchCases],
    ['unsupported media types', mediaTypeCases],
    ['odd request paths', pathCases],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      it.each(cases.map((x) => [x.name, x] as const))('answers %s with the kube Status and stores nothing', async (_name, hc) => {
        const before = await snapshot(api);
        const r = await api.request(hc.method, hc.path, hc);
        expect(await snapshot(api), 'stored data changed').toEqual(before);
        expectStatus(r, hc);
      });
    });
  }

  it('accepts a configmap with 10,000 labels, as kube-apiserver does (no limit on their number)', async () => {
    const labels: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) labels[`l${i}`] = 'v';
    const created = await api.request('POST', cms, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', labels } }) });
    expect(created.status, created.body.slice(0, 300)).toBe(201);
    const got = await api.request('GET', `${cms}/labels`);
    expect((got.json().metadata as { labels: Record<string, string> }).labels).toEqual(labels);
    const selected = await api.request('GET', `${cms}?labelSelector=l9999%3Dv`);
    expect((selected.json().items as unknown[]).length).toBe(1);
    expect((await api.request('DELETE', `${cms}/labels`)).status).toBe(200);
  });

  it('is still ready and serving after all of it', async () => {
    const ready = await api.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toBe('ok');
    const created = await api.request('POST', cms, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' }, data: { k: 'v' } }) });
    expect(created.status, created.body).toBe(201);
    const got = await api.request('GET', `${cms}/after`);
    expect(got.status).toBe(200);
    expect(got.json()).toMatchObject({ metadata: { name: 'after', namespace: 'default' }, data: { k: 'v' } });
    const keep = await api.request('GET', `${cms}/keep`);
    expect(keep.json()).toMatchObject({ metadata: { name: 'keep', labels: { a: 'b' } }, data: { a: '1' } });
  });
});

const depth = 100_000;
const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = '['.repeat(depth) + ']'.repeat(depth);
const ct = (type: string) => ({ 'Content-Type': type });

/**
 * Deeply nested documents: kube's decoders stop at depth 10,000 with a 400; none may take the
 * process down. YAML bodies are sent three times: a parser that recurses to the stack limit can
 * survive the first and abort the process on a later one (V8 compiles a RegExp at that depth).
 */
const deepCases: Array<{ name: string; method: string; path: string; body: string; headers?: Record<string, string>; times?: number }> = [
  { name: '10,000 unclosed [ as a create', method: 'POST', path: cms, body: '['.repeat(10_000) },
  { name: `${depth} nested arrays as a create`, method: 'POST', path: cms, body: deepArray },
  {
    name: `a configmap with a ${depth}-deep object in an unknown field`,
    method: 'POST',
    path: cms,
    body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep"},"extra":${deepObject}}`,
  },
  {
    name: `a configmap with a ${depth}-deep object as its labels`,
    method: 'POST',
    path: cms,
    body: `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep","labels":${deepObject}}}`,
  },
  { name: 'a deep merge patch', method: 'PATCH', path: `${cms}/keep`, body: `{"data":${deepObject}}`, headers: ct('application/merge-patch+json') },
  { name: 'a deep strategic merge patch', method: 'PATCH', path: `${cms}/keep`, body: `{"x":${deepObject}}`, headers: ct('application/strategic-merge-patch+json') },
  {
    name: 'a JSON patch with a deep value',
    method: 'PATCH',
    path: `${cms}/keep`,
    body: `[{"op":"add","path":"/x","value":${deepObject}}]`,
    headers: ct('application/json-patch+json'),
  },
  { name: 'a deep apply patch', method: 'PATCH', path: `${cms}/keep?fieldManager=hostile`, body: '['.repeat(10_000), headers: ct('application/apply-patch+yaml'), times: 3 },
  { name: '10,000 unclosed [ as a YAML create', method: 'POST', path: cms, body: '['.repeat(10_000), headers: ct('application/yaml'), times: 3 },
];

/** How the process exited, once it has (null if it is still running after a grace period). */
async function exitOf(k: ChildKubeLite): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 5_000)));
  try {
    return await Promise.race([k.exited, grace]);
  } finally {
    clearTimeout(timer);
  }
}

describe('kube-lite (its own process) under deeply nested documents', () => {
  let dir: string;
  let k: ChildKubeLite | undefined;
  let api: RawClient;
  const start = async () => {
    k = await startChildKubeLite(join(dir, 'data'));
    api = await rawClient(k.url, join(dir, 'data', 'pki'));
    const keep = await api.request('POST', cms, {
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } }),
    });
    expect(keep.status, keep.body).toBe(201);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-lite-deep-'));
    await start();
  });
  // A crash fails its own test; the next test gets a fresh process.
  beforeEach(async () => {
    const serving = await api.request('GET', '/readyz').then((r) => r.status === 200, () => false);
    if (serving && k?.running()) return;
    if (k) await exitOf(k);
    await k?.stop();
    await start();
  });
  afterAll(async () => {
    await k?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(deepCases.map((x) => [x.name, x] as const))('refuses %s with 400 or 422 and keeps running', async (_name, dc) => {
    for (let i = 0; i < (dc.times ?? 1); i++) {
      const before = await snapshot(api);
      const r = await api.request(dc.method, dc.path, { body: dc.body, ...(dc.headers ? { headers: dc.headers } : {}) }).catch((err: unknown) => err);
      if (r instanceof Error) {
        const exit = k ? await exitOf(k) : null;
        throw new Error(exit ? `kube-lite died on attempt ${i + 1} (${JSON.stringify(exit)}):\n${k?.stderrTail()}` : `attempt ${i + 1}: ${r.message}`);
      }
      const res = r as RawResponse;
      expect([400, 422], `attempt ${i + 1}: ${res.status} ${res.body.slice(0, 300)}`).toContain(res.status);
      expect(res.json()).toMatchObject({ kind: 'Status', status: 'Failure', code: res.status });
      expect(await snapshot(api), 'stored data changed').toEqual(before);
      expect((await api.request('GET', '/readyz')).status).toBe(200);
    }
  });
});
