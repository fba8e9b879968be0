/**
 * Lists over HTTP: limit/continue pagination on a consistent snapshot, label and field
 * selectors, and ListOptions validation (resourceVersion, resourceVersionMatch).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, items, meta, startServer } from './helpers.js';

afterEach(closeAll);

async function seed(s: TestServer, names: string[], labels: Record<string, Record<string, string>> = {}) {
  let last: Record<string, unknown> = {};
  for (const name of names) {
    const r = await s.request('POST', cmPath(), { body: configMap(name, {}, labels[name] ? { labels: labels[name] } : {}) });
    expect(r.status).toBe(201);
    last = r.body;
  }
  return last;
}

const names = (body: unknown) => items(body).map((i) => i.metadata.name);

describe('pagination', () => {
  it('pages with limit and continue over the snapshot of the first page, whatever is written meanwhile', async () => {
    const s = await startServer();
    await seed(s, ['a', 'b', 'c', 'd', 'e']);
    const first = await s.request('GET', `${cmPath()}?limit=2`);
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual(['a', 'b']);
    const listMeta = meta(first.body);
    expect(listMeta.continue).toEqual(expect.any(String));
    expect(listMeta.remainingItemCount).toBe(3);

    // Writes between pages do not show in the continued list.
    await s.request('DELETE', cmPath('default', 'c'));
    await s.request('POST', cmPath(), { body: configMap('bb') });

    const second = await s.request('GET', `${cmPath()}?limit=2&continue=${encodeURIComponent(String(listMeta.continue))}`);
    expect(second.status).toBe(200);
    expect(names(second.body)).toEqual(['c', 'd']);
    expect(meta(second.body).resourceVersion).toBe(listMeta.resourceVersion);
    const third = await s.request('GET', `${cmPath()}?limit=2&continue=${encodeURIComponent(String(meta(second.body).continue))}`);
    expect(names(third.body)).toEqual(['e']);
    expect(meta(third.body).continue).toBeUndefined();
    expect(meta(third.body).remainingItemCount).toBeUndefined();

    expect(names((await s.request('GET', cmPath())).body)).toEqual(['a', 'b', 'bb', 'd', 'e']);
  });

  it('rejects a continue token that is not one with 400', async () => {
    const s = await startServer();
    const r = await s.request('GET', `${cmPath()}?limit=1&continue=garbage`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});

describe('selectors', () => {
  it('filters by label selector, set-based included', async () => {
    const s = await startServer();
    await seed(s, ['a', 'b', 'c', 'd'], { a: { app: 'web' }, b: { app: 'api', canary: 'true' }, c: { app: 'db' } });
    expect(names((await s.request('GET', `${cmPath()}?labelSelector=app%3Dweb`)).body)).toEqual(['a']);
    expect(names((await s.request('GET', `${cmPath()}?labelSelector=${encodeURIComponent('app in (web,api),!canary')}`)).body)).toEqual(['a']);
    expect(names((await s.request('GET', `${cmPath()}?labelSelector=${encodeURIComponent('!app')}`)).body)).toEqual(['d']);
  });

  it('filters by metadata.name and metadata.namespace field selectors', async () => {
    const s = await startServer();
    await seed(s, ['a', 'b', 'c']);
    expect(names((await s.request('GET', `${cmPath()}?fieldSelector=metadata.name%3Db`)).body)).toEqual(['b']);
    expect(names((await s.request('GET', `${cmPath()}?fieldSelector=metadata.name!%3Db`)).body)).toEqual(['a', 'c']);
    const all = await s.request('GET', '/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddefault');
    expect(names(all.body)).toEqual(['a', 'b', 'c']);
  });

  it("rejects a field the resource does not support with kube's 400", async () => {
    const s = await startServer();
    const r = await s.request('GET', `${cmPath()}?fieldSelector=spec.foo%3Dbar`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: '"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"',
      reason: 'BadRequest',
      code: 400,
    });
  });

  it('rejects selectors that do not parse with 400', async () => {
    const s = await startServer();
    for (const q of ['labelSelector=a%20b%20c', 'labelSelector=%3D%3Dx', 'fieldSelector=metadata.name']) {
      const r = await s.request('GET', `${cmPath()}?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body, q).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    }
  });
});

describe('ListOptions validation', () => {
  it('answers 422 on ListOptions for resourceVersionMatch without a resourceVersion', async () => {
    const s = await startServer();
    const r = await s.request('GET', `${cmPath()}?resourceVersionMatch=NotOlderThan`);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      reason: 'Invalid',
      details: {
        group: 'meta.k8s.io',
        kind: 'ListOptions',
        causes: [
          {
            reason: 'FieldValueForbidden',
            message: 'Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
            field: 'resourceVersionMatch',
          },
        ],
      },
      code: 422,
    });
  });

  it('answers 422 for an unsupported match and for Exact at resourceVersion 0', async () => {
    const s = await startServer();
    const bad = await s.request('GET', `${cmPath()}?resourceVersion=1&resourceVersionMatch=Newest`);
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""',
    );
    const exact0 = await s.request('GET', `${cmPath()}?resourceVersion=0&resourceVersionMatch=Exact`);
    expect(exact0.status).toBe(422);
    expect(exact0.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
  });

  it('answers 400 for a resourceVersion that is not a number', async () => {
    const s = await startServer();
    for (const path of [`${cmPath()}?resourceVersion=abc`, `${cmPath('default', 'x')}?resourceVersion=abc`]) {
      const r = await s.request('GET', path);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    }
  });

  it('lists at an exact past resourceVersion while it is kept', async () => {
    const s = await startServer();
    const a = await seed(s, ['a']);
    await seed(s, ['b']);
    const r = await s.request('GET', `${cmPath()}?resourceVersion=${meta(a).resourceVersion}&resourceVersionMatch=Exact`);
    expect(r.status).toBe(200);
    expect(names(r.body)).toEqual(['a']);
    expect(meta(r.body).resourceVersion).toBe(meta(a).resourceVersion);
  });

  it('answers 410 Expired for an Exact list at a compacted resourceVersion', async () => {
    const s = await startServer({ historySize: 3 });
    const first = await seed(s, ['a']);
    await seed(s, ['b', 'c', 'd', 'e', 'f']);
    const r = await s.request('GET', `${cmPath()}?resourceVersion=${meta(first).resourceVersion}&resourceVersionMatch=Exact`);
    expect(r.status).toBe(410);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 });
  });
});
