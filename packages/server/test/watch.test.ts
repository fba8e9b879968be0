/**
 * Watch over HTTP: the JSON-lines stream, resuming from a resourceVersion, bookmarks, the
 * initial-events stream (sendInitialEvents), timeoutSeconds, compacted revisions (a 200 stream
 * with one ERROR event) and Table watches.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, meta, startServer } from './helpers.js';

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

async function create(s: TestServer, name: string, data: Record<string, string> = {}) {
  const r = await s.request('POST', cmPath(), { body: configMap(name, data) });
  expect(r.status).toBe(201);
  return r.body;
}

describe('watch stream', () => {
  it('streams {"type","object"} lines for ADDED, MODIFIED and DELETED as they happen', async () => {
    const s = await startServer();
    const w = await s.watch(`${cmPath()}?watch=1`);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe('application/json');
    const a = await create(s, 'a', { k: '1' });
    await s.request('PUT', cmPath('default', 'a'), { body: { ...a, data: { k: '2' } } });
    await s.request('DELETE', cmPath('default', 'a'));
    const events = await w.take(3);
    expect(events.map((e) => Object.keys(e).sort())).toEqual([['object', 'type'], ['object', 'type'], ['object', 'type']]);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[0]!.object).toEqual(a);
    expect(events[1]!.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { k: '2' } });
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs[1]).toBeGreaterThan(rvs[0]!);
    expect(rvs[2]).toBeGreaterThan(rvs[1]!);
    w.close();
  });

  it('resumes after a resourceVersion with every later event, no gaps and no duplicates', async () => {
    const s = await startServer();
    const a = await create(s, 'a');
    for (const n of ['b', 'c', 'd']) await create(s, n);
    const w = await s.watch(`${cmPath()}?watch=1&resourceVersion=${meta(a).resourceVersion}`);
    for (const n of ['e', 'f']) await create(s, n);
    const events = await w.take(5);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED b', 'ADDED c', 'ADDED d', 'ADDED e', 'ADDED f']);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((x, y) => x - y)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
    w.close();
  });

  it('watches one object through fieldSelector=metadata.name', async () => {
    const s = await startServer();
    const w = await s.watch(`${cmPath()}?watch=1&fieldSelector=metadata.name%3Dx`);
    await create(s, 'y');
    await create(s, 'x');
    await s.request('DELETE', cmPath('default', 'y'));
    await s.request('DELETE', cmPath('default', 'x'));
    const events = await w.take(2);
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED x', 'DELETED x']);
    w.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const s = await startServer();
    const w = await s.watch(`${cmPath()}?watch=1&timeoutSeconds=1`);
    expect(w.status).toBe(200);
    expect(await w.ended()).toEqual([]);
  });

  it('answers a watch from a compacted resourceVersion with 200 and a single ERROR event carrying 410 Expired', async () => {
    const s = await startServer({ historySize: 3 });
    const first = await create(s, 'a');
    for (const n of ['b', 'c', 'd', 'e', 'f']) await create(s, n);
    const w = await s.watch(`${cmPath()}?watch=1&resourceVersion=${meta(first).resourceVersion}`);
    expect(w.status).toBe(200);
    const events = await w.ended();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410 },
    });
    expect(String(events[0]!.object.message)).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });
});

describe('bookmarks and initial events', () => {
  it('sends the initial objects as ADDED, then a BOOKMARK annotated k8s.io/initial-events-end', async () => {
    const s = await startServer();
    await create(s, 'a');
    const b = await create(s, 'b');
    const w = await s.watch(`${cmPath()}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    const [ea, eb, bookmark] = await w.take(3);
    expect([ea, eb].map((e) => `${e!.type} ${e!.object.metadata.name}`)).toEqual(['ADDED a', 'ADDED b']);
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: expect.stringMatching(/^\d+$/),
          creationTimestamp: null,
          annotations: { 'k8s.io/initial-events-end': 'true' },
        },
      },
    });
    expect(Number(bookmark!.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(meta(b).resourceVersion));
    await create(s, 'c');
    expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'c' } } });
    w.close();
  });

  it('rejects sendInitialEvents without resourceVersionMatch=NotOlderThan with 422', async () => {
    const s = await startServer();
    const r = await s.request('GET', `${cmPath()}?watch=1&sendInitialEvents=true`);
    expect(r.status).toBe(422);
    expect(r.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
    );
  });

  it('sends periodic BOOKMARKs only when allowWatchBookmarks is set', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const s = await startServer();
    const a = await create(s, 'a');
    const plain = await s.watch(`${cmPath()}?watch=1&resourceVersion=${meta(a).resourceVersion}`);
    const bookmarked = await s.watch(`${cmPath()}?watch=1&allowWatchBookmarks=true&resourceVersion=${meta(a).resourceVersion}`);
    vi.advanceTimersByTime(60_000);
    await create(s, 'b');
    const [bookmark] = await bookmarked.take(1);
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: meta(a).resourceVersion, creationTimestamp: null } },
    });
    // The plain watch's first event is the next change, with no bookmark before it.
    expect(await plain.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'b' } } });
    plain.close();
    bookmarked.close();
  });
});

describe('Table watch', () => {
  it('carries column definitions on the first event only', async () => {
    const s = await startServer();
    const w = await s.watch(`${cmPath()}?watch=1`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    await create(s, 'a', { k: 'v' });
    await create(s, 'b');
    const [first, second] = await w.take(2);
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Table', apiVersion: 'meta.k8s.io/v1' } });
    const columns = (first!.object as { columnDefinitions?: Array<{ name: string }> }).columnDefinitions ?? [];
    expect(columns.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    expect(first!.object).toMatchObject({ rows: [{ cells: ['a', 1, expect.any(String)] }] });
    expect(second!.object).toMatchObject({ kind: 'Table', columnDefinitions: null, rows: [{ cells: ['b', 0, expect.any(String)] }] });
    w.close();
  });
});
